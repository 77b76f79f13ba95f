/** The current instant. Passed in everywhere so that tests can move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
