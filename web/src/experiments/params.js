// What the experiments' descriptors share: the limits the kernels enforce
// (each stated once here; crate/src/experiments/mod.rs checks that they agree
// with the Rust side), the choices of a Zipf skew, how numbers are written, and
// the check of one parameter's value. No DOM: the form, the URL state and the
// scripting API all check values with `checkParam`.

/** The most orders and words the data generator makes (crate/src/data). */
export const MAX_ORDERS = 8388608;
export const MAX_WORDS = 8388608;
/** The most customers, and distinct words (crate/src/data). */
export const MAX_CUSTOMERS = 1048576;
export const MAX_VOCABULARY = 1048576;
/** A Zipf exponent from 0 (uniform) to 3 in halves (crate/src/data, `Skew`). */
export const SKEWS = ['0', '0.5', '1', '1.5', '2', '2.5', '3'];
/** The GIL's switch interval, in ms (crate/src/gil.rs); CPython's default is 5. */
export const SWITCH_INTERVAL_MS = { min: 0.1, max: 100, default: 5 };

/** A count as the page writes it: 1,234,567. */
export const number = (n) => n.toLocaleString('en-US');

export function checkParam(param, raw) {
  if (param.type === 'tasks' || param.type === 'text') {
    if (raw.trim() === '') throw new Error(param.type === 'tasks' ? `${param.label} must name at least one task.` : `${param.label} must not be empty.`);
    if (raw.length > param.maxLength) throw new Error(`${param.label} must be at most ${param.maxLength} characters (got ${raw.length}).`);
    return raw;
  }
  if (param.choices) {
    if (!param.choices.some((c) => c.value === raw)) {
      throw new Error(`${param.label} must be one of: ${param.choices.map((c) => c.label).join(', ')}.`);
    }
    return raw;
  }
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < param.min || value > param.max) {
    throw new Error(`${param.label} must be a whole number from ${param.min} to ${param.max}${param.unit ? ` ${param.unit}` : ''}.`);
  }
  return value;
}
