import { uuidv7 } from 'uuidv7';

/** Record ids are UUIDv7, made on the client: time-ordered, so indexes stay append-mostly and sync needs no id server. */
export const newId = (): string => uuidv7();
