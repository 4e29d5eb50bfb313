// Sweeps as files: the shown one as CSV, JSON (with its experiment's programs
// for real engines, where it has them) or its charts as SVG; the oldest ten of
// a full history as JSON before new sweeps push them out; and exported JSON
// files read back into the history, ticked for overlay.
import { experimentById } from '../experiments/index.js';
import { download, svgFile, sweepCsv } from '../lab/export.js';
import { importedSweeps } from '../lab/import.js';
import { program, recordSettings } from '../lab/twins.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

// The full history offers its oldest sweeps for download before new ones push them out.
const OLDEST_TO_DOWNLOAD = 10;

/** The JSON export, with the experiment's programs for real engines (its twins) when it has them. */
async function exportJson(record, name, readTwinFile) {
  const experiment = experimentById(record.experiment);
  const programs = {};
  for (const engine of Object.keys(experiment.twins ?? {})) {
    try {
      programs[engine] = await program(experiment, recordSettings(record), engine, readTwinFile);
    } catch (error) {
      showNotice($('error'), `The JSON leaves out the ${engine} program: ${error.message}`);
    }
  }
  const exported = Object.keys(programs).length ? { ...record, programs } : record;
  download(`${name}.json`, JSON.stringify(exported, null, 2), 'application/json');
}

/**
 * Mounts the export buttons, the download of the oldest sweeps and the import.
 * @param shown the shown sweep (shown-sweep.js); @param readTwinFile name → a twin template's text (lab/twins.js)
 */
export function mountSweepFiles({ history, shown, readTwinFile }) {
  function exportShown(kind) {
    const entry = shown.entry;
    if (!entry) return;
    const name = `parlab-${entry.record.experiment}-${entry.record.mode}-${entry.id}`;
    if (kind === 'csv') download(`${name}.csv`, sweepCsv(entry.record), 'text/csv');
    if (kind === 'json') exportJson(entry.record, name, readTwinFile);
    if (kind === 'chart') download(`${name}-chart.svg`, svgFile($('main-chart')), 'image/svg+xml');
    if (kind === 'timeline') download(`${name}-timeline.svg`, svgFile($('timeline')), 'image/svg+xml');
  }

  function downloadOldest() {
    const taken = history.takeOldest(OLDEST_TO_DOWNLOAD);
    if (taken.length === 0) return;
    download(`parlab-history-${taken[0].id}-${taken.at(-1).id}.json`, JSON.stringify(taken.map((e) => e.record), null, 2), 'application/json');
    shown.listHistory();
  }

  /** Adds the sweeps of an exported JSON file to the history, ticked for overlay, and says what could not be read. */
  async function importSweeps(file) {
    let text;
    try {
      text = await file.text();
    } catch (error) {
      showNotice($('import-note'), `The file could not be read: ${error.message}`);
      return;
    }
    const { sweeps, problems } = importedSweeps(text, (id) => experimentById(id)?.title);
    const entries = sweeps.map(({ label, record }) => history.add({ label, record, timelines: {} }));
    for (const entry of entries) if (entry.record.mode === 'speedup') history.setOverlay(entry.id, true);
    const added = entries.length ? `Imported ${entries.length} sweep${entries.length > 1 ? 's' : ''}: tick or untick them in the list to overlay them.` : '';
    showNotice($('import-note'), [added, ...problems].filter(Boolean).join(' '));
    const showing = shown.entry ?? entries.at(-1);
    if (showing) shown.show(showing);
    else shown.listHistory();
  }

  for (const kind of ['csv', 'json', 'chart', 'timeline']) $(`export-${kind}`).addEventListener('click', () => exportShown(kind));
  $('download-oldest').addEventListener('click', downloadOldest);
  $('import-sweeps').addEventListener('change', (event) => {
    const [file] = event.target.files;
    if (file) importSweeps(file);
    event.target.value = '';
  });
}
