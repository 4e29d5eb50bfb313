import { drawQueueLength } from '../views/queue-length-view.js';

const percent = (fraction) => `${Math.round(100 * fraction)} %`;

export default {
  id: 'queue',
  title: 'Producer and consumers: a bounded queue',
  kind: 'task parallel',
  explanation: `One producer makes jobs and puts them on a queue that holds a limited number; k consumers take jobs
    off it until each takes a stop signal (a "poison pill"). The threads do different things and the queue decouples
    them: task parallelism. The slower side sets the pace. If making a job costs more than the k consumers need to do
    it, they wait for work whatever k is, and the queue stays empty; if the producer is faster, the queue fills up and
    the producer waits for room. The producer has a lane of its own in the timeline (k counts consumers), waits for
    the queue are drawn as their own kind, and the chart beside it shows the queue's length over the run. With the
    GIL, a thread that waits for the queue lets go of the lock, as queue.get() does in CPython. On the processes
    engine the queue is the coordinator's: it hands each job to a free process by message, and making a job costs it
    nothing, so only the consumers' side shows there.`,
  params: [
    { name: 'jobs', label: 'Jobs', default: 200, min: 1, max: 100000 },
    { name: 'capacity', label: 'Queue capacity', unit: 'jobs', default: 8, min: 1, max: 10000 },
    { name: 'job_work', label: 'Work per job', unit: 'k rounds', default: 300, min: 0, max: 100000 },
    { name: 'producer_work', label: 'Work to make a job', unit: 'k rounds', default: 30, min: 0, max: 100000 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  resultView: {
    caption: 'How many jobs waited in the queue during the last run at the largest k (dashed: its capacity).',
    draw: (canvas, engineParams, result) => {
      if (result.details?.queueLength) drawQueueLength(canvas, result.details.queueLength, engineParams.capacity);
      else canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    },
  },
  describeResult: (details) => {
    const side = details.consumersWaitingForJobs > 0.25 && details.producerBusy > 0.8
      ? `The producer is the bottleneck: it was making jobs ${percent(details.producerBusy)} of the run while the consumers waited for work ${percent(details.consumersWaitingForJobs)} of their time, so more consumers cannot help.`
      : details.producerWaitingForRoom > 0.25
        ? `The consumers are the slower side: the queue filled up (longest ${details.longestQueue} of ${details.capacity}) and the producer waited for room ${percent(details.producerWaitingForRoom)} of the run.`
        : `Both sides kept up with each other: the consumers waited for work ${percent(details.consumersWaitingForJobs)} of their time, the producer for room ${percent(details.producerWaitingForRoom)}.`;
    return `${details.consumers} consumers, longest queue ${details.longestQueue} of ${details.capacity}. ${side}`;
  },
  scaleUp: 'the number of jobs grows k times',
  scaleParam: 'jobs',
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, jobs: values.jobs * scale }),
};
