// What the bench runner and its child processes say to each other over the IPC channel. The
// gateway token travels only here (never on a command line, never printed).

/** A sent or a first-seen marker: `n` is its number, `at` a Date.now() on the same machine. */
export type Mark = {readonly n: number; readonly at: number};

export type FixtureRequest =
  | {
      readonly type: 'flood';
      readonly rate: number;
      readonly durationMs: number;
      /** Every this many ms the marked session's label becomes `mark-<n>` (0 = no markers). */
      readonly markEveryMs: number;
      /** Which session to mark: the one whose label is this (the console's selected row). */
      readonly markTitle: string;
      /** The first marker's number is markFrom + 1 (floods run back to back continue the count). */
      readonly markFrom?: number;
      /** Markers only during the first this-many ms of the flood (default: all of it). */
      readonly markForMs?: number;
    }
  | {readonly type: 'stop'};

export type FixtureReport =
  | {
      readonly type: 'ready';
      readonly url: string;
      readonly token: string;
      /** Sessions over all the gateways. */
      readonly sessions: number;
      readonly maxDepth: number;
      /** Every gateway of this process (the first is `url`/`token`). */
      readonly gateways: readonly {readonly url: string; readonly token: string}[];
    }
  | {
      readonly type: 'flood-done';
      readonly events: number;
      readonly marks: readonly Mark[];
      readonly cpuMs: number;
      readonly wallMs: number;
    };

export type ConsoleRequest =
  /** Start counting frames, bytes and CPU from now. */
  | {readonly type: 'window-start'}
  /** Stop counting and report a ConsoleWindow. */
  | {readonly type: 'window-end'}
  /** Report every marker seen so far (first frame that showed each). */
  | {readonly type: 'marks'}
  /**
   * Press `g` (first row, and the cursor now holds that row by key, so the window follows it
   * however the flood reorders the tree); report the selected row's title.
   */
  | {readonly type: 'pin'}
  /**
   * Press `j` (or the keys of `pattern` in turn: "jk" keeps the cursor near the top) `count`
   * times, waiting for the frame each time; report the latencies.
   */
  | {
      readonly type: 'keys';
      readonly count: number;
      readonly seed: number;
      readonly pattern?: string;
    }
  /** Report the process's memory and CPU now (a soak samples it over time). */
  | {readonly type: 'sample'}
  /** Press q and let the console shut down the way an operator would. */
  | {readonly type: 'quit'};

export type ConsoleSample = {
  /** Date.now() of the sample. */
  readonly at: number;
  /** process.memoryUsage(), bytes. */
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** process.resourceUsage().maxRSS, KiB: the peak so far. */
  readonly maxRssKiB: number;
  /** process.cpuUsage() since the process started, µs (user + system). */
  readonly cpuMicros: number;
};

export type ConsoleWindow = {
  readonly wallMs: number;
  readonly frames: number;
  readonly bytes: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** process.resourceUsage().maxRSS, KiB: the peak over the whole life of the console process. */
  readonly peakRssKiB: number;
  /** The same when the window started (the tree loaded, before the flood). */
  readonly peakRssBeforeKiB: number;
  /** Highest frames written within any one wall-clock second of the window. */
  readonly busiestSecondFrames: number;
  readonly busiestSecondBytes: number;
  /** process.memoryUsage() at the end of the window, MiB: where the resident memory is. */
  readonly memoryAtEndMiB: Readonly<Record<string, number>>;
};

export type ConsoleReport =
  | {
      readonly type: 'ready';
      readonly atMs: number;
      /** NODE_ENV as the console process saw it once React was loaded. */
      readonly nodeEnv: string;
      /** The React build the console process really loaded (from the module cache). */
      readonly reactBuild: 'production' | 'development' | 'bundled' | 'unknown';
    }
  | {readonly type: 'window'; readonly window: ConsoleWindow}
  | {readonly type: 'sample'; readonly sample: ConsoleSample}
  | {readonly type: 'pinned'; readonly title: string}
  /** `at`: when the console answered (Date.now()); markers not seen by then are late by more. */
  | {readonly type: 'marks'; readonly marks: readonly Mark[]; readonly at: number}
  | {
      readonly type: 'keys';
      readonly latenciesMs: readonly number[];
      /** Per drawn press: time from the last frame written before the keystroke to it (ms). */
      readonly sinceFrameMs: readonly number[];
      readonly timeouts: number;
    }
  | {readonly type: 'exited'; readonly code: number}
  | {readonly type: 'failed'; readonly message: string};
