// The word count experiment's descriptor: Spark's map to (word, 1), a shuffle
// to reducers chosen by the word's hash, and a reduce by key, with or without a combiner.
import { MAX_VOCABULARY, MAX_WORDS, SKEWS, number } from './params.js';

// The kernel's limits (crate/src/data/text.rs).

const percent = (part, whole) => `${Math.round((100 * part) / Math.max(whole, 1))} %`;

/** The reducer that received the most pairs, and its share of them. */
function busiestReducer(pairs) {
  const busiest = pairs.indexOf(Math.max(...pairs));
  const total = pairs.reduce((sum, n) => sum + n, 0);
  return `Reducer ${busiest} of ${pairs.length} received ${percent(pairs[busiest], total)} of the ${number(total)} pairs shuffled`;
}

export default {
  id: 'word_count',
  title: 'Word count: map, shuffle, reduce',
  kind: 'data operator',
  explanation: `Spark's classic over a generated text: every word is mapped to the pair (word, 1), the pairs are sent
    to reducers by the hash of the word (FNV-1a modulo the number of reducers, one per worker), and each reducer adds
    up the counts of its words. Two rounds, with a shuffle between them: on processes the buckets of pairs really
    travel from the map tasks to the reducers (the summary gives the bytes, and the timeline the reducers' wait for
    them); on threads they are written to shared memory (the purple "shuffle" part of each map bar) and read in
    place, and the summary says what a share-nothing run would move. Real text is skewed (Zipf, about 1): a few words
    are much of it, so the reducer that gets the most frequent word gets more pairs than the others; at skew 2 the top
    word is over half the text, and its reducer's lane in the timeline is the long one. The combiner adds up each map task's pairs before the shuffle, so it sends one (word, n)
    per distinct word: the bytes shuffled drop, and so does the hot reducer's work. Making the text is not timed.`,
  params: [
    { name: 'words', label: 'Words of text', default: 2000000, min: 1, max: MAX_WORDS },
    { name: 'vocabulary', label: 'Vocabulary (distinct words)', default: 10000, min: 1, max: MAX_VOCABULARY },
    { name: 'word_skew', label: 'Word skew (Zipf; 0 = uniform)', default: '1', choices: SKEWS.map((s) => ({ value: s, label: s })) },
    {
      name: 'combiner', label: 'Combiner', default: 'off', choices: [
        { value: 'off', label: 'off: every (word, 1) is shuffled' },
        { value: 'on', label: 'on: partial counts before the shuffle' },
      ],
    },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  describeResult: ({ words, distinct, combiner, top, pairs_per_reducer: pairs }) => `${number(words)} words, `
    + `${number(distinct)} distinct. Top ${top.length} words: ${top.map(([word, count]) => `${word} ${number(count)}`).join('; ')}. `
    + `${busiestReducer(pairs)}${combiner ? ' (after the combiner: one pair per distinct word of each map task)' : ' (one per word: no combiner)'}.`,
  sizeError: ({ words }, scale) => (words * scale <= MAX_WORDS ? null
    : `${number(words * scale)} words are more than the ${number(MAX_WORDS)} the lab generates. Use at most ${number(Math.floor(MAX_WORDS / scale))} words${scale > 1 ? ` (the largest k multiplies them by ${scale})` : ''}.`),
  twins: { dask: 'word_count_dask.py', pyspark: 'word_count_pyspark.py' },
  scaleUp: 'the text grows k times',
  scaleParam: 'words',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, words: values.words * scale, word_skew: Number(values.word_skew), combiner: values.combiner === 'on' }),
};
