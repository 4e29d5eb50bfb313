// The experiments the page offers, in the order it lists them. An experiment
// is its Rust kernel (crate/src/experiments/) plus one descriptor here.
import mandelbrot from './mandelbrot.js';
import toasts from './toasts.js';
import requests from './requests.js';
import forkJoin from './fork-join.js';
import imageBatch from './image-batch.js';
import counter from './counter.js';
import queue from './queue.js';
import breakfast from './breakfast.js';
import pipeline from './pipeline.js';
import scan from './scan.js';
import partitions from './partitions.js';
import aggregate from './aggregate.js';
import wordCount from './word-count.js';
import join from './join.js';
import sampleSort from './sample-sort.js';

// The data operators in the order of the course: filter/project/map, aggregate, join, sort, partitions, word count.
export const experiments = [toasts, mandelbrot, requests, forkJoin, imageBatch, counter, queue, pipeline, breakfast,
  scan, aggregate, join, sampleSort, partitions, wordCount];

/** The lab's list, grouped by the course's topics; every experiment is in exactly one. */
export const TOPICS = [
  { title: 'Speedup and Amdahl', ids: ['toasts', 'mandelbrot', 'fork_join'] },
  { title: 'Threads, processes and the GIL', ids: ['image_batch', 'counter', 'requests'] },
  { title: 'Concurrency and tasks', ids: ['breakfast', 'queue', 'pipeline'] },
  { title: 'Data operators', ids: ['scan', 'aggregate', 'join', 'sample_sort', 'partitions', 'word_count'] },
];

export function experimentById(id) {
  return experiments.find((e) => e.id === id);
}

/** Default parameter values of an experiment. */
export function defaults(experiment) {
  return Object.fromEntries(experiment.params.map((p) => [p.name, p.default]));
}

/** Worker counts a sweep uses unless the user types others: 1 … cores. */
export function defaultWorkers(experiment, cores) {
  return experiment.defaultWorkers?.(cores) ?? Array.from({ length: Math.max(cores, 2) }, (_, i) => i + 1);
}
