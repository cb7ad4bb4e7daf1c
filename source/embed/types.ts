// The contract of the embed supervisor: what a supervised `openclaw gateway` child is doing, as
// plain serialisable data, so the lead can bridge it into `embed/*` state actions unchanged.

export type EmbedState =
  | 'idle' // created, start() not called yet
  | 'starting' // probing for an existing gateway, or spawned and waiting for hello-ok
  | 'ready' // hello-ok (or an authenticated refusal: the process is serving)
  | 'restarting' // waiting out a backoff, or waiting for an in-process restart to answer again
  | 'stopping' // SIGTERM sent to the group, waiting for it to go
  | 'stopped' // no child: stopped by us, or the gateway exited 0 by itself
  | 'crashed' // gave up after too many restarts in the window, or could not spawn at all
  | 'config-invalid' // exit 78 (EX_CONFIG); see lastExit.reason and canRunDoctor
  | 'repairing' // `openclaw doctor --fix --yes --non-interactive` is running
  | 'attached-existing' // a gateway already answered on the URL: nothing spawned
  | 'detached'; // left running on purpose; see status.pid and DetachResult

export type ExitInfo = {
  readonly code: number | null;
  readonly signal: string | null;
  /** One line for an operator: how it ended and the most telling output line. */
  readonly reason: string;
  /** The last meaningful output lines (ANSI stripped, not yet sanitised for the terminal). */
  readonly detail: readonly string[];
  readonly at: number;
};

export type Readiness = {
  /** Milliseconds from spawn (or from the start of an in-process restart) to connect.challenge. */
  readonly challengeMs: number;
  /** Milliseconds to hello-ok; absent when the probe's connect was refused. */
  readonly helloMs?: number;
  /** The gateway serves but refused the probe's connect (e.g. a token mismatch). */
  readonly refused?: {readonly code: string; readonly message: string};
};

export type DoctorOutcome = {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly output: readonly string[];
  readonly at: number;
};

export type EmbedStatus = {
  readonly state: EmbedState;
  readonly url: string;
  readonly port: number;
  /** The command line we spawn, for display (`node /…/openclaw.mjs gateway --port 18789`). */
  readonly command: readonly string[];
  readonly pid?: number;
  readonly startedAt?: number;
  /** Respawns performed by this supervisor (crash restarts and in-process restarts that died). */
  readonly restarts: number;
  readonly restartInMs?: number;
  /** Set while an announced in-process restart (shutdown event with restartExpectedMs) runs. */
  readonly restartExpectedMs?: number;
  readonly lastExit?: ExitInfo;
  readonly readiness?: Readiness;
  /** RSS of the gateway process (VmRSS), bytes; undefined where /proc is unavailable. */
  readonly memoryRssBytes?: number;
  /** True in config-invalid while the one doctor repair allowed has not been used. */
  readonly canRunDoctor: boolean;
  readonly doctor?: DoctorOutcome;
  readonly logFile?: string;
  readonly logFileError?: string;
};

export type LogLine = {
  readonly stream: 'stdout' | 'stderr' | 'doctor' | 'supervisor';
  readonly text: string;
  readonly at: number;
};

export type Progress = {
  readonly state: EmbedState;
  readonly elapsedSeconds: number;
  readonly lastLine?: string;
};

export type SupervisorEvents = {
  readonly status: EmbedStatus;
  readonly line: LogLine;
  readonly progress: Progress;
};

export type DetachResult = {
  readonly pid: number;
  /** Stops the gateway gracefully later (SIGTERM). */
  readonly stopCommand: string;
  /** Also stops anything the gateway started in its process group. */
  readonly groupStopCommand: string;
};

export type DoctorResult =
  ({readonly ran: true} & DoctorOutcome) | {readonly ran: false; readonly why: string};
