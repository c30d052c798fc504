/**
 * What one import accepts. 200,000 rows must work (the issue asks for it) and do, in about a second of parsing;
 * the caps sit above that with room, and exist so a wrong file (a database dump, a log) fails at once with a clear
 * message instead of filling the worker's memory.
 */

/** 64 MiB: a 250,000-row Connections.csv is about 30 MB, so this leaves room for long notes columns. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Data rows (or cards) in one file. LinkedIn caps connections at 30,000; CRM exports rarely pass 100,000. */
export const MAX_ROWS = 250_000;

/**
 * The longest cell kept: the largest text a record stores (a contact's notes, 20,000 characters). A longer cell
 * cannot be saved anywhere, so its row is skipped with a reason rather than truncated without a word.
 */
export const MAX_CELL_CHARS = 20_000;

/** Characters of text handed to the CSV parser at a time: about 2,000 Connections rows, a few milliseconds of work. */
export const CHUNK_CHARS = 256 * 1024;
