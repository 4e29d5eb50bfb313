import { drawStageUtilisation } from '../views/stage-utilisation-view.js';

const percent = (fraction) => `${Math.round(100 * fraction)} %`;
const STAGES = ['read', 'parse', 'transform', 'write'];
// A stage busier than this for the whole run is the one the others wait for.
const LIMITING_SHARE = 0.75;

/** How the k workers were spread over the stages, and why, in words. */
function assignment(details, k) {
  const typed = details.stageWorkers;
  const groups = details.groups.map((g) => `${g.stages} ${g.workers}`).join(', ');
  if (k < STAGES.length) return `${groups} (fewer workers than stages, so adjacent stages share a worker)`;
  const counts = details.workersPerStage.join(',');
  if (!typed || typed.trim().toLowerCase() === 'auto') return `${groups} (auto: in proportion to the stages' costs)`;
  const asked = typed.split(',').map((n) => Number(n));
  return counts === asked.join(',') ? `${groups} (as typed)` : `${groups} (your ${asked.join(',')} scaled to k = ${k})`;
}

export default {
  id: 'pipeline',
  title: 'A pipeline of stages: read, parse, transform, write',
  kind: 'task parallel',
  explanation: `Items flow through four stages (read → parse → transform → write), each with its own cost per item,
    connected by channels that hold a few items each. In the pipeline form workers are assigned to stages: a worker
    takes an item from the channel in front of its stage, does its stage and puts the item on the next channel, so the
    stages work on different items at the same time. The slowest stage per worker sets the pace: its workers are busy
    all the time, the stages before it wait for room and those after it wait for input (drawn as their own kinds in the
    timeline), so workers added to any other stage only wait more. In the data-parallel form each worker takes the next
    item and does all four stages on it, and nothing waits. Workers per stage: "auto" gives every stage one worker and
    each further one to the stage with the most cost per worker; typed counts (1,1,2,1) are used when they add up to k
    and scaled to k in proportion otherwise; with fewer than four workers, adjacent stages share a worker. Overlay the
    two forms in the history. With the GIL, a worker that waits for a channel lets go of the lock, as queue.get() does
    in CPython. The processes engine has no channels between processes: each process does all stages of the items it
    is sent, so there both forms run data parallel.`,
  // The knobs the lab shows at once; the others sit under "More settings".
  keyParams: ['items', 'transform_work', 'form', 'stage_workers'],
  params: [
    { name: 'items', label: 'Items', default: 200, min: 1, max: 100000 },
    { name: 'read_work', label: 'Read: work per item', unit: 'k rounds', default: 100, min: 0, max: 100000 },
    { name: 'parse_work', label: 'Parse: work per item', unit: 'k rounds', default: 100, min: 0, max: 100000 },
    { name: 'transform_work', label: 'Transform: work per item', unit: 'k rounds', default: 300, min: 0, max: 100000 },
    { name: 'write_work', label: 'Write: work per item', unit: 'k rounds', default: 100, min: 0, max: 100000 },
    { name: 'capacity', label: 'Channel capacity', unit: 'items', default: 4, min: 1, max: 10000 },
    {
      name: 'form', label: 'Form', default: 'pipeline', choices: [
        { value: 'pipeline', label: 'pipeline (workers assigned to stages)' },
        { value: 'data_parallel', label: 'data parallel (each worker does all stages)' },
      ],
    },
    {
      name: 'stage_workers', label: 'Workers per stage (auto or e.g. 1,1,2,1)', type: 'text', maxLength: 40, default: 'auto',
      appliesWhen: (values) => values.form === 'pipeline',
    },
  ],
  resultView: {
    caption: 'How busy each stage\'s workers were in the last run at the largest k (busy time ÷ (workers × run)).',
    draw: (canvas, engineParams, result) => {
      if (result.details?.utilisation) drawStageUtilisation(canvas, STAGES, result.details.utilisation, result.details.slowestStage);
      else canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    },
  },
  describeResult: (details, { k, engine }) => {
    if (engine === 'processes' || details.ranAs) {
      return `No channels between processes: each process did all four stages of the items it was sent (data parallel), whatever the form; compare the forms on threads.`;
    }
    const throughput = `${Math.round(details.throughput).toLocaleString('en-US')} items/s`;
    const shares = STAGES.map((stage, i) => `${stage} ${percent(details.utilisation[i])}`).join(', ');
    if (details.form === 'data_parallel') {
      return `Data parallel, ${k} ${k === 1 ? 'worker' : 'workers'}: ${throughput}; each did all four stages of its items, and their time went to ${shares}. No stage waits for another, so more workers help until the cores run out.`;
    }
    const group = details.groups.find((g) => g.stages === details.slowestStage);
    const groupShare = details.slowestStage.split('+').reduce((sum, stage) => sum + details.utilisation[STAGES.indexOf(stage)], 0);
    const who = `Pipeline, workers per stage: ${assignment(details, k)}; ${throughput}; busy: ${shares}.`;
    if (groupShare >= LIMITING_SHARE) {
      return `${who} ${details.slowestStage} limits the throughput: its ${group.workers === 1 ? 'worker was' : `${group.workers} workers were`} busy ${percent(groupShare)} of the run while the other stages waited for its items or for room in front of it, so workers added elsewhere would only wait more; only more workers on ${details.slowestStage}, or a cheaper ${details.slowestStage}, help.`;
    }
    return `${who} No stage was busy most of the run (the busiest, ${details.slowestStage}, ${percent(groupShare)}): the workers waited for each other through the channels or for a free core, as ${k} workers share the machine's cores.`;
  },
  scaleUp: 'the number of items grows k times',
  scaleParam: 'items',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, items: values.items * scale }),
};
