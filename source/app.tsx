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
import type {GatewayId} from './state/gateway-id.ts';
import type {GatewayState, InboxItem, TailEvent, TreeRow} from './state/model.ts';
import type {TaskSummary} from './protocol/types.ts';
import {selectGatewayRecord, selectSessionTitle} from './state/selectors.ts';
import {selectPolicyView} from './state/policy-selectors.ts';
import {selectAskedContext} from './state/asked-context.ts';
import {selectNotOfferedNotes} from './state/inbox-offers.ts';
import {selectCronJobs, selectTask, selectTasks, tasksOfSession} from './state/task-selectors.ts';
import {
  gatewayName,
  selectFleetCursor,
  selectFleetEvents,
  selectFleetInbox,
  selectFleetInboxCount,
  selectFleetRows,
  selectFleetTreeRows,
  selectFleetTreePath,
  selectFocusedGateway,
  selectGatewayIds,
  selectFleetDeliveries,
  selectFleetTaskActions,
  selectFleetTaskStates,
  type Located,
} from './state/fleet-selectors.ts';
import {ledgerUnavailableText} from './state/task-state.ts';
import type {Commands} from './views/commands.ts';
import type {AppExtras, AppOptions, Source} from './views/app-context.ts';
import {confirmSpecFromState, grantsOf} from './views/app-confirm.ts';
import {disabledReasons} from './views/disabled-reasons.ts';
import {Header, fleetScopeOf, type FleetHeader} from './views/header.tsx';
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
import {useBell} from './views/use-bell.ts';
import {useLocalStore} from './views/use-local-store.ts';
import {useModeInput} from './views/use-mode-input.ts';
import {detailLayout} from './views/approval-detail.tsx';
import {fleetKey as fleetKeyOf} from './state/tree.ts';

export type {AppExtras, AppOptions} from './views/app-context.ts';

export type AppProps = {
  readonly store: Store;
  readonly commands: Commands;
  readonly options: AppOptions;
  readonly extras?: AppExtras;
  /**
   * The gateway the Gateway and Policy panes show (its record in the store); default: the focused
   * one (the first, until the operator focuses another on the Fleet pane).
   */
  readonly gateway?: GatewayId;
  /**
   * A fleet: each gateway's own commands. Decisions, stops, steers and config changes go to the
   * gateway the item came from through this; `commands` then serves what is not about one
   * gateway (the audit log, quitting). Absent: `commands` is the one gateway's.
   */
  readonly commandsFor?: (gateway: GatewayId) => Commands | undefined;
};

const isReadOnly = (g: GatewayState): boolean =>
  g.readOnly ||
  (g.phase === 'connected' && g.scopes.length > 0 && g.scopes.every((s) => s === 'operator.read'));

const NO_LINES: readonly GatewayLogLine[] = [];
const NO_TASKS: readonly TaskSummary[] = [];
const NO_EVENTS: readonly Located<TailEvent>[] = [];
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
  gateway: gatewayProp,
  commandsFor,
}: AppProps): React.ReactElement {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const gatewayIds = selectGatewayIds(state);
  // A fleet (configured, or more than one gateway held): Fleet pane, gateway level in the tree,
  // gateway columns, and no full-screen problem for one gateway's trouble.
  const fleet = options.fleet === true || gatewayIds.length > 1;
  const gatewayId = gatewayProp ?? selectFocusedGateway(state);
  const record = selectGatewayRecord(state, gatewayId);
  const {exit} = useApp();
  const {columns, rows} = useTerminalSize();
  const now = state.ui.now;
  const embed = useSource(extras?.embed, undefined);
  const gatewayLog = useSource(extras?.gatewayLog, NO_LINES);
  // View-local state lives in a small external store, not useState: a key that changes the input
  // mode must re-render synchronously (as a store dispatch does) so the next key already reaches
  // the new mode's owner; with useState a fast "x" then "y" could lose the "y".
  const [local, updateLocal, getLocal] = useLocalStore(initialViewLocal);

  const gateway = record.gateway;
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
  // In a fleet one gateway's trouble never takes the screen: its Fleet row says why and how to
  // fix it, and the other gateways stay live.
  const showProblem =
    !fleet && gateway.problem !== undefined && gateway.phase !== 'connected' && !transientDrop;
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

  // ── what the panes show (merged across the fleet; Gateway and Policy: the focused one) ──
  const fleetRows = selectFleetRows(state);
  const treeRows = selectFleetTreeRows(state);
  const inboxEntries = selectFleetInbox(state);
  // The merged tail (10 gateways × 2,000 lines in a fleet) and its cursor are built only while
  // the Events pane is shown: under a flood they change every frame, and no other pane reads them.
  const eventsShown = pane === 'events';
  const eventEntries = eventsShown ? selectFleetEvents(state) : NO_EVENTS;
  const inboxItems = useMemo(() => inboxEntries.map((entry) => entry.value), [inboxEntries]);
  const events = useMemo(() => eventEntries.map((entry) => entry.value), [eventEntries]);
  const policy = selectPolicyView(state, gatewayId);
  const pending = selectFleetInboxCount(state);
  // Kinds a gateway does not offer, one line each; in a fleet each names its gateway.
  const offerNotes = gatewayIds.flatMap((id) =>
    selectNotOfferedNotes(state, id).map((note) =>
      fleet ? note.replace('this gateway', `gateway ${gatewayName(state, id)}`) : note,
    ),
  );
  const logSearch = state.ui.filters.gateway;
  const logLines = useMemo(() => searchLog(gatewayLog, logSearch), [gatewayLog, logSearch]);
  const pRows = useMemo(() => policyRows(policy), [policy]);
  const fleetIndex = selectFleetCursor(state, 'fleet')?.index ?? 0;
  const treeIndex = selectFleetCursor(state, 'sessions')?.index ?? 0;
  const inboxIndex = selectFleetCursor(state, 'inbox')?.index ?? 0;
  const eventsIndex = eventsShown ? (selectFleetCursor(state, 'events')?.index ?? 0) : 0;
  const policyIndex = Math.min(state.ui.cursors.policy?.index ?? 0, Math.max(0, pRows.length - 1));
  const selectedRow: TreeRow | undefined = treeRows[treeIndex];
  // An open detail stays on its item (on its gateway) while the list below it changes.
  const detailOn = local.detail ? (local.detail.gateway ?? gatewayId) : undefined;
  const detailItem =
    local.detail && detailOn !== undefined
      ? state.gateways[detailOn]?.inbox.items[local.detail.id]
      : undefined;
  const selectedEntry =
    detailItem && detailOn !== undefined
      ? {gateway: detailOn, uid: fleetKeyOf(detailOn, detailItem.id), value: detailItem}
      : inboxEntries[inboxIndex];
  const selectedItem: InboxItem | undefined = selectedEntry?.value;
  const selectedPolicy = pRows[policyIndex];
  const selectedEvent = pickEvent(events, eventsIndex, local.follow.events);
  const selectedEventEntry = selectedEvent === undefined ? undefined : eventEntries[eventsIndex];
  const approved = selectedEntry
    ? grantsOf(state, selectedEntry.gateway, selectedEntry.value)
    : undefined;
  const asked = selectAskedContext(state, selectedEntry?.gateway ?? gatewayId, selectedItem);
  // ── tasks: the row badges, the `t` panel, blocked deliveries in the Inbox, cron ──
  // Each gateway has its own ledger: badges per tree row's gateway, the panel on the gateway of
  // the row it was opened on, deliveries merged like the requests.
  const taskStates = selectFleetTaskStates(state);
  const tasksOn = local.tasks?.gateway ?? gatewayId;
  const allTasks = state.gateways[tasksOn] ? selectTasks(state, tasksOn) : NO_TASKS;
  const panelTasks = useMemo(
    () => (local.tasks ? tasksOfSession(allTasks, local.tasks.sessionKey) : []),
    [allTasks, local.tasks],
  );
  const selectedTask = local.tasks
    ? panelTasks[Math.min(local.tasks.selected, Math.max(0, panelTasks.length - 1))]
    : undefined;
  const deliveryEntries = selectFleetDeliveries(state);
  const deliveries = useMemo(() => deliveryEntries.map((entry) => entry.value), [deliveryEntries]);
  const selectedDeliveryEntry = selectedItem
    ? undefined
    : deliveryEntries[inboxIndex - inboxItems.length];
  const selectedDelivery = selectedDeliveryEntry?.value;
  const taskActions = selectFleetTaskActions(state);
  const tasksRecord = state.gateways[tasksOn] ?? record;
  // The panel speaks of its gateway's ledger; the Gateway pane of the focused one's.
  const panelUnavailable = ledgerUnavailableText('tasks', tasksRecord.tasks.support);
  const tasksUnavailable = ledgerUnavailableText('tasks', record.tasks.support);
  const cronUnavailable = ledgerUnavailableText('cron', record.tasks.cron.support);

  // The gateway a key would act on: the selected row's, item's or line's; else the focused one.
  // Its scopes and read-only flag decide which keys work (each gateway has its own).
  const targetId: GatewayId =
    (pane === 'fleet'
      ? fleetRows[fleetIndex]?.id
      : pane === 'sessions'
        ? selectedRow?.gateway
        : pane === 'inbox'
          ? selectedEntry?.gateway
          : pane === 'events'
            ? selectedEventEntry?.gateway
            : undefined) ?? gatewayId;
  const target = state.gateways[targetId]?.gateway ?? gateway;
  const readOnly = options.readOnly || isReadOnly(target);

  const sessionLabel = useCallback(
    (key: string, index?: number) => {
      const at = index === undefined ? gatewayId : (eventEntries[index]?.gateway ?? gatewayId);
      return selectFleetTreePath(state, at, key) ?? selectSessionTitle(state, at, key);
    },
    [state, eventEntries, gatewayId],
  );
  const nameOf = useCallback((id: GatewayId) => gatewayName(state, id), [state]);
  // The requests, then the blocked deliveries: one index over both, as the cursor runs.
  const inboxGateway = useMemo(
    () =>
      fleet
        ? (index: number) =>
            nameOf(
              (inboxEntries[index] ?? deliveryEntries[index - inboxEntries.length])?.gateway ?? '',
            )
        : undefined,
    [fleet, nameOf, inboxEntries, deliveryEntries],
  );
  const eventGateway = useMemo(
    () => (fleet ? (index: number) => nameOf(eventEntries[index]?.gateway ?? '') : undefined),
    [fleet, nameOf, eventEntries],
  );
  const fleetHeader: FleetHeader | undefined = fleet
    ? {
        scope: fleetScopeOf(pane),
        focused: nameOf(gatewayId),
        gateways: fleetRows.map((r) => ({name: r.name, connected: r.phase === 'connected'})),
      }
    : undefined;

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
      scopes: target.scopes,
      selectedRow,
      selectedItem,
      selectedPolicy,
      selectedEvent,
      peekOpen: local.peek !== undefined,
      demo: options.demo || gateway.demo,
      ...(selectedTask === undefined ? {} : {selectedTask}),
      ...(selectedDelivery === undefined ? {} : {selectedDelivery}),
      fleet,
    }),
  };
  const run = createCommandRunner({
    store,
    gateway: gatewayId,
    commands,
    commandsOn: (id) =>
      commandsFor ? commandsFor(id) : state.gateways[id] !== undefined ? commands : undefined,
    local: {get: getLocal, update: updateLocal},
    pane,
    readOnly,
    fleet,
    ...(fleetRows[fleetIndex] ? {selectedGateway: fleetRows[fleetIndex].id} : {}),
    selectedRow,
    selectedItem,
    ...(selectedEntry ? {selectedItemGateway: selectedEntry.gateway} : {}),
    approved,
    selectedPolicy,
    selectedEvent,
    ...(selectedTask === undefined ? {} : {selectedTask}),
    ...(selectedDelivery === undefined ? {} : {selectedDelivery}),
    taskCount: panelTasks.length,
    ...(local.tasks?.gateway === undefined ? {} : {selectedTaskGateway: local.tasks.gateway}),
    ...(selectedDeliveryEntry ? {selectedDeliveryGateway: selectedDeliveryEntry.gateway} : {}),
    liveTask: (on, taskId) => {
      const now = store.getState();
      return now.gateways[on] ? selectTask(now, on, taskId) : undefined;
    },
    ...(selectedEventEntry ? {selectedEventGateway: selectedEventEntry.gateway} : {}),
    ...(quitStopsGateway(embed, extras?.embedStopsOnQuit)
      ? {quitQuestion: describeQuit(embed)}
      : {}),
    policyRowCount: pRows.length,
    logLineCount: logLines.length,
    page: Math.max(1, bodyHeight - 3),
    // Scroll positions of the open detail: 0 … the last top line that still fills the window.
    detailLineCount:
      local.detail && selectedItem ? detailLayout(selectedItem, asked, bodyHeight).maxTop + 1 : 0,
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
  const heldSpec = local.confirm?.spec ?? confirmSpecFromState(state, gatewayId);
  // In a fleet every confirmation names the gateway it goes to.
  const confirmOn =
    local.confirm?.kind === 'quit'
      ? undefined
      : local.confirm
        ? (local.confirm.gateway ?? gatewayId)
        : state.ui.confirm
          ? (state.ui.confirm.gateway ?? gatewayId)
          : undefined;
  const confirmSpec =
    heldSpec && fleet && confirmOn !== undefined
      ? {...heldSpec, gateway: nameOf(confirmOn)}
      : heldSpec;
  const answeringItem = local.answering
    ? state.gateways[local.answering.gateway]?.inbox.items[local.answering.id]
    : undefined;
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
    asked: answering ? selectAskedContext(state, answering.draft.gateway, answering.item) : asked,
    ...(local.tasks
      ? {
          tasks: {
            panel: local.tasks,
            tasks: panelTasks,
            actions: tasksRecord.tasks.actions,
            ...(panelUnavailable === undefined ? {} : {unavailable: panelUnavailable}),
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
        {...(gateway.tlsPinSource === undefined ? {} : {tlsPinSource: gateway.tlsPinSource})}
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
        fleet={{rows: fleetRows, selected: fleetIndex}}
        tree={{rows: treeRows, selected: treeIndex, taskStates}}
        peek={local.peek}
        inbox={{
          items: inboxItems,
          selected: inboxIndex,
          approved,
          deliveries,
          taskActions,
          notes: offerNotes,
          ...(inboxGateway ? {gatewayOf: inboxGateway} : {}),
          asked,
        }}
        events={{
          items: events,
          selected: eventsIndex,
          follow: local.follow.events,
          sessionLabel,
          ...(eventGateway ? {gatewayOf: eventGateway} : {}),
        }}
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
  const steerOn = state.ui.input?.gateway ?? gatewayId;
  const steerTitle = steerKey
    ? (selectSessionTitle(state, steerOn, steerKey) ?? steerKey)
    : undefined;
  const steerGateway = steerKey && fleet ? nameOf(steerOn) : undefined;

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
        {...(fleetHeader ? {fleet: fleetHeader} : {})}
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
        ...(steerGateway === undefined ? {} : {steerGateway}),
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
