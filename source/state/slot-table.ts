// Values by key as plain data that a change copies only in part: the sessions a gateway holds.
//
// A flood changes a few sessions of a gateway at a time (a change and its ancestors), hundreds of
// times a second in a fleet, and each change set used to copy the gateway's whole Map of 1,000+
// sessions (a hash table rebuilt entry by entry, then garbage: ~10 % of the fleet console's busy
// time, more in GC). Here each key has a slot; values sit in chunks of CHUNK slots, so a change
// copies the short array of chunks and the chunks it writes, and shares the rest. The key → slot
// Map is copied only when keys come or go (a session created or deleted: rare under a flood).
//
// Plain data (a Map, arrays, a number): a structured clone equals it, as the state must. It reads
// like the Map it replaces, iteration order included: slots are handed out in insertion order, a
// written key keeps its slot, a removed key leaves an empty slot (compacted once they outnumber
// the keys) and a key added again comes last.

const CHUNK_BITS = 5;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

export type SlotTable<V extends object> = {
  /** Key → slot, in insertion order. The same Map while no key is added or removed. */
  readonly slots: ReadonlyMap<string, number>;
  /** Values by slot, CHUNK to a chunk; a removed key's slot holds undefined. */
  readonly chunks: readonly (readonly (V | undefined)[])[];
  /** Slots handed out so far: the next new key's slot. */
  readonly end: number;
};

export const emptyTable = <V extends object>(): SlotTable<V> => ({
  slots: new Map(),
  chunks: [],
  end: 0,
});

export const tableSize = (table: SlotTable<object>): number => table.slots.size;

export const tableHas = (table: SlotTable<object>, key: string): boolean => table.slots.has(key);

export const tableGet = <V extends object>(table: SlotTable<V>, key: string): V | undefined => {
  const slot = table.slots.get(key);
  return slot === undefined ? undefined : table.chunks[slot >> CHUNK_BITS]?.[slot & IN_CHUNK];
};

/** The values in insertion order (no keys: a value that needs one carries it). */
export function* tableValues<V extends object>(table: SlotTable<V>): Generator<V, void, void> {
  for (const chunk of table.chunks) {
    for (const value of chunk) if (value !== undefined) yield value;
  }
}

/** Key and value in insertion order. */
export function* tableEntries<V extends object>(
  table: SlotTable<V>,
): Generator<[string, V], void, void> {
  const {chunks} = table;
  for (const [key, slot] of table.slots) {
    yield [key, chunks[slot >> CHUNK_BITS]?.[slot & IN_CHUNK] as V];
  }
}

/** A table of `entries` (a later duplicate key overwrites the value in the first one's place). */
export const tableOf = <V extends object>(
  entries: Iterable<readonly [string, V]>,
): SlotTable<V> => {
  const draft = new TableDraft<V>(emptyTable());
  for (const [key, value] of entries) draft.set(key, value);
  return draft.finish();
};

/**
 * A working copy for one reduction: writes copy what they touch once (the chunk array, a chunk,
 * the slot Map), the base is never changed, and `finish` returns the new table (the base itself
 * when nothing was written).
 */
export class TableDraft<V extends object> {
  private slots: ReadonlyMap<string, number>;
  private chunks: readonly (readonly (V | undefined)[])[];
  private end: number;
  private slotsOwned = false;
  private chunksOwned = false;
  private written = false;

  constructor(private readonly base: SlotTable<V>) {
    this.slots = base.slots;
    this.chunks = base.chunks;
    this.end = base.end;
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.chunks[slot >> CHUNK_BITS]?.[slot & IN_CHUNK];
  }

  set(key: string, value: V): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.end++;
      this.ownSlots().set(key, slot);
    }
    this.ownChunk(slot >> CHUNK_BITS)[slot & IN_CHUNK] = value;
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.ownSlots().delete(key);
    this.ownChunk(slot >> CHUNK_BITS)[slot & IN_CHUNK] = undefined;
  }

  finish(): SlotTable<V> {
    if (!this.written) return this.base;
    const table: SlotTable<V> = {slots: this.slots, chunks: this.chunks, end: this.end};
    // Removed keys leave empty slots; once they outnumber the keys, renumber (rare: deletes).
    const empty = this.end - this.slots.size;
    return empty > CHUNK && empty > this.slots.size ? tableOf(tableEntries(table)) : table;
  }

  private ownSlots(): Map<string, number> {
    this.written = true;
    if (!this.slotsOwned) {
      this.slots = new Map(this.slots);
      this.slotsOwned = true;
    }
    return this.slots as Map<string, number>;
  }

  /** Chunk `index` writable: a copy made once per draft (a new chunk when `index` is past the end). */
  private ownChunk(index: number): (V | undefined)[] {
    this.written = true;
    if (!this.chunksOwned) {
      this.chunks = [...this.chunks];
      this.chunksOwned = true;
    }
    const chunks = this.chunks as (readonly (V | undefined)[])[];
    const chunk = chunks[index];
    // A chunk not shared with the base was copied (or made) by this draft: it is ours.
    if (chunk !== undefined && chunk !== this.base.chunks[index]) return chunk as (V | undefined)[];
    const own = chunk === undefined ? [] : [...chunk];
    chunks[index] = own;
    return own;
  }
}
