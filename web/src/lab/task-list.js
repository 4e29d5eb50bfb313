// The text form of a task graph, one parameter that travels in URLs and JSON
// (`coffee 5 machine; toast2 2 machine after toast1`), and the rows of the
// table that edits it. Only the shape is read here; the kernel checks names,
// durations and cycles (crate/src/experiments/breakfast.rs) with its own messages.

export const KINDS = ['machine', 'hands'];

/** Rows { name, minutes, kind, after } of a text form; pieces that are missing stay empty. */
export function rowsOfText(text) {
  return String(text).split(/[;\n]/).map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const [name = '', minutes = '', kind = '', ...rest] = entry.split(/[\s,]+/);
    const after = rest[0] === 'after' ? rest.slice(1) : rest;
    return { name, minutes, kind, after: after.join(', ') };
  });
}

/** The text form of table rows; rows without a name are left out. */
export function textOfRows(rows) {
  return rows.filter((row) => row.name.trim() !== '').map(({ name, minutes, kind, after }) => {
    const others = after.split(/[\s,]+/).filter(Boolean);
    return [name.trim(), String(minutes).trim(), kind, ...(others.length ? ['after', others.join(', ')] : [])].join(' ');
  }).join('; ');
}
