// A layer's field tree as the lines a reader sees (each field's showname, children indented two
// spaces): the form in which protocol module tests state the tree they expect.
import type { Field } from '../../electron/dissect/field-model.js';

export function treeLines(fields: readonly Field[], depth = 0): string[] {
  return fields.flatMap((f) => [`${'  '.repeat(depth)}${f.showname}`, ...treeLines(f.children, depth + 1)]);
}
