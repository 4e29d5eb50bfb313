// A bare Web Worker for timing what every engine pays underneath its work
// (engine/probes.js): it says "ready" as soon as it runs (the cost of starting
// a worker), echoes messages or times their round trips through a
// MessageChannel, and plays either side of an Atomics.wait/notify ping-pong.

// The shared cell of the ping-pong: 0 the echo's turn to wait, 1 the echo's turn to answer, 2 stop.
const [WAIT, ANSWER, STOP] = [0, 1, 2];

/** Round trips through `port` to an echo, `samples` times, each the mean of `perSample`: µs. */
function timeMessages(port, samples, perSample) {
  return new Promise((done) => {
    const timesUs = [];
    let sent = 0;
    let started = performance.now();
    port.onmessage = () => {
      sent += 1;
      if (sent % perSample === 0) {
        const now = performance.now();
        timesUs.push(((now - started) * 1000) / perSample);
        started = now;
      }
      if (timesUs.length === samples) done(timesUs);
      else port.postMessage(sent);
    };
    port.postMessage(sent);
  });
}

/** Wakes the echo and sleeps until it wakes this worker back, `samples` × `perSample` times: µs per round trip. */
function timeWakeUps(cell, samples, perSample) {
  const timesUs = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    for (let j = 0; j < perSample; j++) {
      Atomics.store(cell, 0, ANSWER);
      Atomics.notify(cell, 0);
      Atomics.wait(cell, 0, ANSWER);
    }
    timesUs.push(((performance.now() - started) * 1000) / perSample);
  }
  Atomics.store(cell, 0, STOP);
  Atomics.notify(cell, 0);
  return timesUs;
}

/** Sleeps until woken, answers by waking the other side, until told to stop. */
function echoWakeUps(cell) {
  for (;;) {
    Atomics.wait(cell, 0, WAIT);
    if (Atomics.load(cell, 0) === STOP) return;
    Atomics.store(cell, 0, WAIT);
    Atomics.notify(cell, 0);
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === 'echo-messages') {
    data.port.onmessage = ({ data: n }) => data.port.postMessage(n);
    self.postMessage({ type: 'echoing' });
  } else if (data.type === 'time-messages') {
    self.postMessage({ type: 'timed', timesUs: await timeMessages(data.port, data.samples, data.perSample) });
  } else if (data.type === 'echo-wake-ups') {
    const cell = new Int32Array(data.buffer);
    self.postMessage({ type: 'echoing' });
    echoWakeUps(cell);
  } else if (data.type === 'time-wake-ups') {
    self.postMessage({ type: 'timed', timesUs: timeWakeUps(new Int32Array(data.buffer), data.samples, data.perSample) });
  }
};

self.postMessage({ type: 'ready' });
