// The request/answer protocol between the page's Engine (engine.js) and a
// coordinator worker: { id, type, ... } in, and out one of { id, type: 'done', reply },
// { id, type: 'cancelled' } or { id, type: 'failed', message }. Shared by both engines' coordinators.

import { isCancellation } from './cancellation.js';

/**
 * @param handlers map from request type to async (request) → { reply, transfer? };
 *   `onFailure(type, error)` is told about failures (not cancellations) before they are answered.
 */
export function answerRequests(handlers, { onFailure = () => {} } = {}) {
  self.addEventListener('message', async ({ data }) => {
    const handler = handlers[data.type];
    if (!handler) return;
    try {
      const { reply, transfer = [] } = await handler(data);
      self.postMessage({ id: data.id, type: 'done', reply }, transfer);
    } catch (error) {
      if (isCancellation(error)) {
        self.postMessage({ id: data.id, type: 'cancelled' });
        return;
      }
      onFailure(data.type, error);
      self.postMessage({ id: data.id, type: 'failed', message: error?.message ?? String(error) });
    }
  });
}
