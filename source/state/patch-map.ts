// An immutable Map that is cheap to change a few keys of: it shares a base Map and keeps the keys
// written since in a small patch; a change copies only the patch, and the patch is folded into a
// new base once it has grown to a sixteenth of the base (reads stay cheap, and the cost of a
// change is bounded whatever the size). For derived data rebuilt every frame (the tree's forest:
// a flood changes a few sessions of each gateway between two frames, and copying each gateway's
// 1,000-node Map per frame was most of the cost of patching it). Not for the state itself, which
// stays plain data (Maps, records, arrays: a structured clone equals it).
//
// It reads exactly like the Map it stands for, iteration order included: a written key keeps its
// place, a new key comes last. A change that deletes builds a plain new Map, in a Map's order.

export type PatchMapEdit<V> = {
  readonly set: (key: string, value: V) => void;
  readonly delete: (key: string) => void;
  readonly get: (key: string) => V | undefined;
  readonly has: (key: string) => boolean;
};

const FOLD_MIN = 32;

export class PatchMap<V> implements ReadonlyMap<string, V> {
  static of<V>(entries: Iterable<readonly [string, V]> = []): PatchMap<V> {
    const base = new Map(entries);
    return new PatchMap(base, new Map(), base.size);
  }

  /** `map` itself if it is a PatchMap, else one holding its entries. */
  static from<V>(map: ReadonlyMap<string, V>): PatchMap<V> {
    return map instanceof PatchMap ? (map as PatchMap<V>) : PatchMap.of(map);
  }

  private constructor(
    /** Never changed once built; shared by every PatchMap made from this one. */
    private readonly base: ReadonlyMap<string, V>,
    /** Keys written since the base: values for base keys, then new keys in the order added. */
    private readonly patch: ReadonlyMap<string, V>,
    readonly size: number,
  ) {}

  get(key: string): V | undefined {
    const patched = this.patch.get(key);
    return patched !== undefined || this.patch.has(key) ? patched : this.base.get(key);
  }

  has(key: string): boolean {
    return this.patch.has(key) || this.base.has(key);
  }

  *entries(): MapIterator<[string, V]> {
    const {base, patch} = this;
    if (patch.size === 0) {
      yield* base.entries();
      return;
    }
    for (const [key, value] of base) {
      yield [key, patch.has(key) ? (patch.get(key) as V) : value];
    }
    for (const [key, value] of patch) if (!base.has(key)) yield [key, value];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  /**
   * The keys whose value may differ between `this` and `other` when both come from the same base
   * (undefined otherwise: compare them all). Every other key holds the same value in both.
   */
  patchedSince(other: ReadonlyMap<string, V>): readonly string[] | undefined {
    if (!(other instanceof PatchMap) || other.base !== this.base) return undefined;
    const keys = [...this.patch.keys()];
    for (const key of (other as PatchMap<V>).patch.keys()) if (!this.patch.has(key)) keys.push(key);
    return keys;
  }

  /** A new map: this one with the writes and deletes `edit` makes; this one is unchanged. */
  with(edit: (draft: PatchMapEdit<V>) => void): PatchMap<V> {
    const written = new Map<string, V>();
    let deletes: string[] | undefined;
    let ops: (readonly [string, V] | readonly [string])[] | undefined;
    const draft: PatchMapEdit<V> = {
      get: (key) => {
        if (written.has(key)) return written.get(key);
        return deletes?.includes(key) === true ? undefined : this.get(key);
      },
      has: (key) => written.has(key) || (deletes?.includes(key) !== true && this.has(key)),
      set: (key, value) => {
        if (ops !== undefined) ops.push([key, value]);
        written.set(key, value);
        const at = deletes?.indexOf(key) ?? -1;
        if (at >= 0) deletes?.splice(at, 1);
      },
      delete: (key) => {
        // From the first delete on, the change is replayed onto a plain Map (its order rules).
        ops ??= [...written];
        ops.push([key]);
        written.delete(key);
        (deletes ??= []).push(key);
      },
    };
    edit(draft);
    if (ops !== undefined) {
      const map = new Map(this.entries());
      for (const op of ops) {
        if (op.length === 1) map.delete(op[0]);
        else map.set(op[0], op[1]);
      }
      return new PatchMap(map, new Map(), map.size);
    }
    if (written.size === 0) return this;
    const patch = new Map(this.patch);
    let size = this.size;
    for (const [key, value] of written) {
      if (!this.has(key)) size++;
      patch.set(key, value);
    }
    if (patch.size < Math.max(FOLD_MIN, this.base.size / 16)) {
      return new PatchMap(this.base, patch, size);
    }
    const folded = new PatchMap(this.base, patch, size);
    return new PatchMap(new Map(folded.entries()), new Map(), size);
  }
}
