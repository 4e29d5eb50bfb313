// The words for what a sweep's account shows: what the course calls each part
// of the speedup stack, given the machine it ran on. Shared by the lab's
// captions and the lessons' explanations. Pure: no DOM.
import { experimentById } from '../experiments/index.js';
import { coresFoundFree, machineState } from './quiet-check.js';
import { largestLoss, partLabel, speedupStack } from './speedup-stack.js';

/** The figure that made a sweep busy, as a clause: the free cores, or the spread of its one-worker runs. */
function busyFigure(machine) {
  if (machine.reasons.includes('cores')) return `, with about ${machine.freeCores.toFixed(1)} of the ${machine.cores} cores free`;
  if (machine.reasons.includes('spread')) {
    const varying = `, its one-worker runs varying by ${Math.round(100 * machine.oneWorkerSpread)} %`;
    return coresFoundFree(machine) ? `${varying} though the cores were found free before the sweep (another program or the browser's own work)` : varying;
  }
  return '';
}

/**
 * What the workers of a sweep write in common (its experiment's `contention`,
 * for its settings, engine and browser), as a clause; null when they share nothing.
 */
export function contentionOf(record) {
  // Chromium and Edge run wasm on V8, whose code for atomics docs/performance.md describes.
  const v8 = /Chrom(?:e|ium)\//.test(record.userAgent ?? '');
  return experimentById(record.experiment)?.contention?.(record.params ?? {}, record.engine, { v8 }) ?? null;
}

/**
 * What the course calls a loss, for the sentence that names the largest one
 * at k on a machine with `cores` free or not; `contention` is what the workers
 * write in common (contentionOf), which inflation then holds first.
 */
export function lossMeaning(id, { k, cores, machine, contention = null }) {
  switch (id) {
    case 'inflation':
      if (cores && k > cores) {
        return `with ${k} workers on ${cores} cores the workers took turns on the same cores, so each one's work took longer` +
          (contention ? `, and ${contention}` : '') +
          (machine.busy ? `, and ${coresFoundFree(machine) ? 'something else took turns with them' : 'another program was using the cores'} too${busyFigure(machine)}` : '');
      }
      if (machine.busy) {
        const cause = coresFoundFree(machine) ? 'something took turns with the workers' : 'another program was using the cores';
        return contention
          ? `the same work took longer per worker: ${contention}, and ${cause}${busyFigure(machine)}`
          : `the same work took longer per worker because ${cause}${busyFigure(machine)}`;
      }
      if (contention) return `the same work took longer per worker at this k, although the machine was quiet: ${contention}`;
      // docs/performance.md, "Two helpers on one vCPU": a quiet machine can still put two workers on one core for a while.
      return 'the same work took longer per worker at this k, although the machine was quiet and every worker had a core of its own: cores share caches, memory bandwidth and power, ' +
        'two of the cores the browser counts can be the two hardware threads of one physical core, ' +
        'and the operating system can put two workers on one core for a while (in the timeline, two lanes taking turns)';
    case 'idle':
      if (machine.busy) {
        // Both causes fit the figures: a run's idle time does not say which it was, but its timeline does.
        return 'workers stood without work or without a core: skew, a serial part or waiting for the slowest at the end, ' +
          `or, on this busy machine${busyFigure(machine)}, waiting for a core, which looks the same; ` +
          'in the timeline, lanes that end early are the first, gaps inside lanes the second';
      }
      return 'workers had nothing to do part of the time: skew (some got more work), a serial part, or waiting for the slowest at the end';
    case 'lock_wait': return 'workers waited for a lock another worker held: contention makes that part serial';
    case 'gil_wait': return 'only the holder of the GIL computes, so the other workers waited for it';
    case 'io_wait': return 'workers spent more time waiting for I/O than one worker did';
    case 'queue_wait': return 'workers waited on a queue: the other side of it set the pace';
    case 'message':
      // A process waits for its next message while the coordinator that relays it has no core: on a busy machine that counts here too.
      return 'moving data between workers by message (encode, send, receive, decode) took time that one worker did not spend' +
        (machine.busy ? `, and on this busy machine${busyFigure(machine)}, it also holds time spent waiting for a core, by the workers or by the coordinator that relays their messages` : '');
    case 'merge': return 'the coordinator merged the partial results alone while every worker sat idle';
    default: return 'starting the workers cost time that a larger job would hide';
  }
}

/** The parts of a bar below zero by more than 5 % of its gap, as [id, value]. */
function partsBelowZero(bar) {
  const gap = bar.k - bar.speedup;
  return Object.entries(bar.parts).filter(([, v]) => v < 0 && -v >= 0.05 * gap);
}

/**
 * A sentence on the parts of a bar that came out below zero (partsBelowZero),
 * which make the losses named add up to more than the missing speedup: which
 * they are and what each means, or ''.
 */
export function offsetSentence(bar) {
  const gap = bar.k - bar.speedup;
  const below = partsBelowZero(bar);
  if (!below.length) return '';
  const meaning = (id) => {
    if (id === 'idle') return `the runs with 1 worker had more time that no lane accounted for than those at k = ${bar.k}`;
    if (id === 'inflation') return `the same work took less time per worker at k = ${bar.k} than with 1 worker`;
    return `there was less of it at k = ${bar.k} than with 1 worker`;
  };
  const parts = below.map(([id, v]) => `${partLabel(id)} came out at ${v.toFixed(2)}: ${meaning(id)}`);
  return `The losses add up to more than the missing ${gap.toFixed(2)} because ${parts.join('; and ')}.`;
}

/**
 * Where the workers' time went at `k`, as a clause with its figures: "lock
 * waits took 0.65 of the missing 1.27 (workers waited for a lock …)", or that
 * almost nothing was lost; `brief` leaves out what the loss means, for a
 * slide, which has no room for it. For a record without an account
 * (scale-up, an old import), what is missing.
 */
export function lossAt(record, k, { brief = false } = {}) {
  const bar = (record.stack ?? speedupStack(record))?.bars.find((b) => b.k === k);
  if (!bar) return 'this sweep has no account of its time at that k';
  const gap = bar.k - bar.speedup;
  const loss = largestLoss(bar);
  if (!loss || gap <= 0.05 * bar.k) return `almost nothing was lost (${bar.speedup.toFixed(2)}× of an ideal ${bar.k})`;
  const machine = record.machine ?? machineState(record);
  const offsets = partsBelowZero(bar).map(([id, v]) => `${partLabel(id)} ${v.toFixed(2)}`);
  const figures = `${loss.label} took ${loss.value.toFixed(2)} of the missing ${gap.toFixed(2)}${offsets.length ? `, offset by ${offsets.join(', ')}` : ''}`;
  const contention = contentionOf(record);
  return brief ? figures : `${figures} (${lossMeaning(loss.id, { k, cores: record.hardwareConcurrency, machine, contention })})`;
}
