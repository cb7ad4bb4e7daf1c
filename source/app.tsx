// The console's root: reads the store through selectors, owns the keyboard (one input owner per
// mode, all driven by the keymap), and calls the injected commands for anything that talks to the
// gateway. Drawing is left to the presentational components in views/.
//
// Render it the way console/run-console.tsx does:
//   render(<App store={store} commands={commands} options={{readOnly, demo, noBell}} extras={…} />,
//          {stdin: guardInput(process.stdin), maxFps: 60,
//           incrementalRendering: incrementalRenderingFor(env), exitOnCtrlC: false,
//           patchConsole: false});
// with a store wrapped by state/coalesce.ts, which sets the pace of frames under load.
// - exitOnCtrlC false: ctrl+c is a keymap binding, so quitting always goes through commands.quit.
// - guardInput (text/input-guard.ts): Ink 6.8 throws on some pasted escape sequences.
// - incrementalRendering only where Ink's cursor fix is built in (console/ink-incremental.ts).
//   The App draws rows − 1 lines: a frame as tall as the terminal would make Ink clear the whole
//   screen on every update.

import React, {useCallback, useMemo, useSyncExternalStore} from 'react';
import {Box, useApp} from 'ink';
import type {Store} from './state/store.ts';
import {DEFAULT_GATEWAY_ID, type GatewayId} from './state/gateway-id.ts';
import type {InboxItem, TreeRow} from './state/model.ts';
import {
  selectCursor,
  selectGatewayRecord,
  selectInboxCount,
  selectInboxItems,
  selectTailEvents,
  selectTreeRows,
} from './state/selectors.ts';
import {selectPolicyView} from './state/policy-selectors.ts';
import {selectNotOfferedNotes} from './state/inbox-offers.ts';
import {
  ledgerUnavailableText,
  selectCronJobs,
  selectInboxDeliveries,
  selectSessionTaskStates,
  selectTask,
  selectTasks,
  tasksOfSession,
} from './state/task-selectors.ts';
import type {Commands} from './views/commands.ts';
import type {AppExtras, AppOptions, Source} from './views/app-context.ts';
import {confirmSpecFromState, grantsOf} from './views/app-confirm.ts';
import {disabledReasons} from './views/disabled-reasons.ts';
import {Header} from './views/header.tsx';
import {Footer} from './views/footer.tsx';
import {PaneBody} from './views/pane-body.tsx';
import {ProblemScreen} from './views/problem-screen.tsx';
import {overlayBody, typedLine} from './views/overlay.tsx';
import {describeQuit, quitStopsGateway} from './views/config-change-text.ts';
import {selectedEvent as pickEvent} from './views/spawn-fix.ts';
import {searchLog, type GatewayLogLine} from './views/gateway-pane.tsx';
import {policyRows} from './views/policy-view.ts';
import {resolveKey, type InputMode, type KeyContext, type PaneId} from './views/keymap.ts';
import {createCommandRunner, notifier} from './views/key-actions.ts';
import {initialViewLocal} from './views/view-local.ts';
import {useTerminalSize} from './views/use-terminal-size.ts';
import {useNow} from './views/use-now.ts';
import {useBell} from './views/use-bell.ts';
import {useLocalStore} from './views/use-local-store.ts';
import {useModeInput} from './views/use-mode-input.ts';
import {detailBody} from './views/approval-detail.tsx';

export type {AppExtras, AppOptions} from './views/app-context.ts';

export type AppProps = {
  readonly store: Store;
  readonly commands: Commands;
  readonly options: AppOptions;
  readonly extras?: AppExtras;
  /** The gateway the panes show (its record in the store); default DEFAULT_GATEWAY_ID. */
  readonly gateway?: GatewayId;
};

const NO_LINES: readonly GatewayLogLine[] = [];
const noSubscribe = () => () => {};

function useSource<T>(source: Source<T> | undefined, fallback: T): T {
  return useSyncExternalStore(
    source?.subscribe ?? noSubscribe,
    source?.getSnapshot ?? (() => fallback),
  );
}

export function App({
  store,
  commands,
  options,
  extras,
  gateway: gatewayId = DEFAULT_GATEWAY_ID,
}: AppProps): React.ReactElement {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const record = selectGatewayRecord(state, gatewayId);
  const {exit} = useApp();
  const {columns, rows} = useTerminalSize();
  const now = useNow();
  const embed = useSource(extras?.embed, undefined);
  const gatewayLog = useSource(extras?.gatewayLog, NO_LINES);
  // View-local state lives in a small external store, not useState: a key that changes the input
  // mode must re-render synchronously (as a store dispatch does) so the next key already reaches
  // the new mode's owner; with useState a fast "x" then "y" could lose the "y".
  const [local, updateLocal, getLocal] = useLocalStore(initialViewLocal);

  const gateway = record.gateway;
  const readOnly =
    options.readOnly ||
    gateway.readOnly ||
    (gateway.phase === 'connected' &&
      gateway.scopes.length > 0 &&
      gateway.scopes.every((s) => s === 'operator.read'));
  // A drop after we had been connected (a crash, a planned restart) keeps the panes — stale, with
  // "reconnecting" in the header — so the operator does not lose their place. The problem screen
  // is for a gateway we never reached, or one that refuses us and needs the operator to act.
  const needsOperator =
    gateway.phase === 'paused' ||
    (gateway.problem !== undefined &&
      gateway.problem.kind !== 'unreachable' &&
      gateway.problem.kind !== 'other');
  // While this console brings its own gateway up, "unreachable" is expected: the panes stay,
  // and the Gateway pane shows the start-up progress and log.
  const embedStarting = embed !== undefined && embed.state !== 'attached-existing';
  const transientDrop = (gateway.serverVersion !== undefined || embedStarting) && !needsOperator;
  const showProblem =
    gateway.problem !== undefined && gateway.phase !== 'connected' && !transientDrop;
  const statePane = state.ui.pane;
  const pane: PaneId = showProblem ? 'problem' : statePane;
  // An open question or approval detail belongs to the Inbox: on the problem screen (connection
  // lost) the normal keys come back, and the panel returns with the pane.
  const onInbox = pane === 'inbox';
  const mode: InputMode = local.confirm
    ? 'confirm'
    : state.ui.mode !== 'normal'
      ? state.ui.mode
      : local.answering && onInbox
        ? 'answer'
        : local.detail && onInbox
          ? 'detail'
          : local.audit
            ? 'audit'
            : local.tasks && pane === 'sessions'
              ? 'tasks'
              : 'normal';

  // ── what the panes show ──
  const treeRows = selectTreeRows(state, gatewayId);
  const inboxItems = selectInboxItems(state, gatewayId);
  const events = selectTailEvents(state, gatewayId);
  const policy = selectPolicyView(state, gatewayId);
  const pending = selectInboxCount(state, gatewayId);
  const offerNotes = selectNotOfferedNotes(state, gatewayId);
  const logSearch = state.ui.filters.gateway;
  const logLines = useMemo(() => searchLog(gatewayLog, logSearch), [gatewayLog, logSearch]);
  const pRows = useMemo(() => policyRows(policy), [policy]);
  const treeIndex = selectCursor(state, gatewayId, 'sessions')?.index ?? 0;
  const inboxIndex = selectCursor(state, gatewayId, 'inbox')?.index ?? 0;
  const eventsIndex = selectCursor(state, gatewayId, 'events')?.index ?? 0;
  const policyIndex = Math.min(state.ui.cursors.policy?.index ?? 0, Math.max(0, pRows.length - 1));
  const selectedRow: TreeRow | undefined = treeRows[treeIndex];
  const selectedItem: InboxItem | undefined =
    (local.detail ? record.inbox.items[local.detail.id] : undefined) ?? inboxItems[inboxIndex];
  const selectedPolicy = pRows[policyIndex];
  const selectedEvent = pickEvent(events, eventsIndex, local.follow.events);
  const approved = grantsOf(state, gatewayId, selectedItem);
  // ── tasks: the row badges, the `t` panel, blocked deliveries in the Inbox, cron ──
  const taskStates = selectSessionTaskStates(state, gatewayId);
  const allTasks = selectTasks(state, gatewayId);
  const panelTasks = useMemo(
    () => (local.tasks ? tasksOfSession(allTasks, local.tasks.sessionKey) : []),
    [allTasks, local.tasks],
  );
  const selectedTask = local.tasks
    ? panelTasks[Math.min(local.tasks.selected, Math.max(0, panelTasks.length - 1))]
    : undefined;
  const deliveries = selectInboxDeliveries(state, gatewayId);
  const selectedDelivery = selectedItem ? undefined : deliveries[inboxIndex - inboxItems.length];
  const tasksUnavailable = ledgerUnavailableText('tasks', record.tasks.support);
  const cronUnavailable = ledgerUnavailableText('cron', record.tasks.cron.support);

  const pathByKey = useMemo(() => new Map(treeRows.map((r) => [r.key, r.path])), [treeRows]);
  const byKey = record.sessions.byKey;
  const sessionLabel = useCallback(
    (key: string) => pathByKey.get(key) ?? byKey.get(key)?.session.title,
    [pathByKey, byKey],
  );

  useBell(pending, !options.noBell);

  // ── layout: header 2 lines, body, optional input line, notice, footer; one spare row ──
  const width = Math.max(20, columns);
  const notice =
    state.ui.notice && (state.ui.notice.until === undefined || state.ui.notice.until > now)
      ? state.ui.notice
      : undefined;
  const typing = mode === 'filter' || mode === 'input' ? 1 : 0;
  const bodyHeight = Math.max(5, rows - 1 - 2 - 1 - (notice ? 1 : 0) - typing);

  // ── keys ──
  const keyContext: KeyContext = {
    mode,
    pane,
    readOnly,
    disabled: disabledReasons({
      pane,
      scopes: gateway.scopes,
      selectedRow,
      selectedItem,
      selectedPolicy,
      selectedEvent,
      peekOpen: local.peek !== undefined,
      demo: options.demo || gateway.demo,
      ...(selectedTask === undefined ? {} : {selectedTask}),
      ...(selectedDelivery === undefined ? {} : {selectedDelivery}),
    }),
  };
  const run = createCommandRunner({
    store,
    gateway: gatewayId,
    commands,
    local: {get: getLocal, update: updateLocal},
    pane,
    readOnly,
    selectedRow,
    selectedItem,
    approved,
    selectedPolicy,
    selectedEvent,
    ...(selectedTask === undefined ? {} : {selectedTask}),
    ...(selectedDelivery === undefined ? {} : {selectedDelivery}),
    taskCount: panelTasks.length,
    liveTask: (taskId) => selectTask(store.getState(), gatewayId, taskId),
    ...(quitStopsGateway(embed, extras?.embedStopsOnQuit)
      ? {quitQuestion: describeQuit(embed)}
      : {}),
    policyRowCount: pRows.length,
    logLineCount: logLines.length,
    page: Math.max(1, bodyHeight - 3),
    detailLineCount: detailBody(local.detail ? selectedItem : undefined).length,
    exit,
  });
  const notify = notifier(store);
  const handle = (input: string, key: Parameters<typeof resolveKey>[1]): boolean => {
    const resolved = resolveKey(input, key, keyContext);
    if (!resolved) return false;
    if (resolved.kind === 'disabled') notify(resolved.reason, 'warn');
    else run(resolved.id, input);
    return true;
  };
  useModeInput(mode, {
    handle,
    repeatMove(input, key, times) {
      const resolved = resolveKey(input, key, keyContext);
      if (resolved?.kind !== 'run' || !resolved.id.startsWith('cursor.')) return;
      for (let i = 0; i < times; i++) run(resolved.id);
    },
    filterText: () => store.getState().ui.filters[store.getState().ui.pane] ?? '',
    setFilterText: (text) => store.dispatch({type: 'ui/filter-changed', text}),
    inputText: () => store.getState().ui.input?.text ?? '',
    setInputText: (text) => store.dispatch({type: 'ui/input-changed', text}),
  });

  // ── body ──
  const retryInMs = gateway.retryAt === undefined ? undefined : Math.max(0, gateway.retryAt - now);
  const confirmSpec = local.confirm?.spec ?? confirmSpecFromState(state, gatewayId);
  const answeringItem = local.answering ? record.inbox.items[local.answering.id] : undefined;
  const answering =
    local.answering && answeringItem?.kind === 'question' && onInbox
      ? {item: answeringItem, draft: local.answering}
      : undefined;
  const overlay = overlayBody({
    mode,
    readOnly,
    width,
    height: bodyHeight,
    ...(confirmSpec ? {confirmSpec} : {}),
    ...(local.typed ? {typed: local.typed} : {}),
    ...(state.ui.input ? {input: state.ui.input} : {}),
    ...(local.audit ? {audit: local.audit} : {}),
    now,
    ...(answering ? {answering} : {}),
    ...(local.detail && selectedItem ? {detail: {item: selectedItem, top: local.detail.top}} : {}),
    ...(local.tasks
      ? {
          tasks: {
            panel: local.tasks,
            tasks: panelTasks,
            actions: record.tasks.actions,
            ...(tasksUnavailable === undefined ? {} : {unavailable: tasksUnavailable}),
            now,
          },
        }
      : {}),
  });
  let body: React.ReactElement;
  if (overlay) {
    body = overlay;
  } else if (showProblem && gateway.problem) {
    body = (
      <ProblemScreen
        problem={gateway.problem}
        url={gateway.url}
        urlSource={gateway.urlSource}
        phase={gateway.phase}
        attempt={gateway.attempt}
        retryInMs={retryInMs}
        width={width}
      />
    );
  } else {
    body = (
      <PaneBody
        pane={statePane}
        width={width}
        height={bodyHeight}
        now={now}
        filter={state.ui.filters[statePane] ?? ''}
        tree={{rows: treeRows, selected: treeIndex, taskStates}}
        peek={local.peek}
        inbox={{
          items: inboxItems,
          selected: inboxIndex,
          approved,
          deliveries,
          taskActions: record.tasks.actions,
          notes: offerNotes,
        }}
        events={{items: events, selected: eventsIndex, follow: local.follow.events, sessionLabel}}
        gateway={{
          state: gateway,
          embed,
          log: logLines,
          selected: local.logSelected,
          follow: local.follow.gateway,
          cron: {
            jobs: selectCronJobs(state, gatewayId),
            ...(cronUnavailable === undefined ? {} : {unavailable: cronUnavailable}),
            ...(tasksUnavailable === undefined ? {} : {tasksUnavailable}),
          },
        }}
        policy={{view: policy, selected: policyIndex}}
      />
    );
  }

  const steerKey = state.ui.input?.target;
  const steerTitle = steerKey ? (byKey.get(steerKey)?.session.title ?? steerKey) : undefined;

  return (
    <Box flexDirection="column" width={width}>
      <Header
        host={gateway.host}
        serverVersion={gateway.serverVersion}
        protocol={gateway.protocol}
        phase={gateway.phase}
        attempt={gateway.attempt}
        retryInMs={retryInMs}
        scopes={gateway.scopes}
        inboxPending={pending}
        demo={options.demo || gateway.demo}
        readOnly={readOnly}
        pane={pane}
        width={width}
      />
      <Box flexDirection="column" height={bodyHeight} overflowY="hidden">
        {/* No shrinking: content taller than the body is clipped, never squashed into itself.
            Only vertically: every pane fits its lines to the width itself, and clipping across
            would make Ink slice every line again on every frame. */}
        <Box flexDirection="column" flexShrink={0}>
          {body}
        </Box>
      </Box>
      {typedLine({
        mode,
        filter: state.ui.filters[statePane] ?? '',
        ...(state.ui.input ? {input: state.ui.input} : {}),
        ...(steerTitle === undefined ? {} : {steerTitle}),
        width,
      })}
      <Footer
        context={keyContext}
        width={width}
        message={
          notice
            ? {text: notice.text, tone: notice.tone === 'error' ? 'danger' : notice.tone}
            : undefined
        }
      />
    </Box>
  );
}
