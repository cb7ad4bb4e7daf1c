// Which gateway an action or a selector is about. The state holds one record per gateway, keyed
// by this id; today the console links one gateway, under DEFAULT_GATEWAY_ID.

export type GatewayId = string;

/** The single gateway of a console (or twin) that links one. */
export const DEFAULT_GATEWAY_ID: GatewayId = 'default';
