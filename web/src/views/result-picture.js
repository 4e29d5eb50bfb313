// The "picture" panel of an experiment whose result can be seen (a Mandelbrot
// image, a batch's thumbnails: its descriptor's `resultView`), drawn from the
// last run at the largest k once a sweep has finished; hidden for the rest.
const $ = (id) => document.getElementById(id);

/** @param result lab.measure's: its record and, by k, the last run's result */
export function showResultPicture(experiment, { mode, ks }, { record, lastRunByK }) {
  const view = experiment.resultView;
  $('image-figure').hidden = !view;
  if (!view) return;
  // The picture is of what the largest k computed: in scale-up, its bigger problem.
  view.draw($('image'), experiment.toEngine(record.params, mode === 'scaleup' ? ks.at(-1) : 1), lastRunByK.get(ks.at(-1)));
  $('image').setAttribute('aria-label', view.caption);
  $('image-caption').textContent = view.caption;
}
