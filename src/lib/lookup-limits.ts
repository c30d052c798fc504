/**
 * Profiles one lookup may ask about (a feed's batch of new authors), and so company names, one per author at most.
 * Zod-free: the content script batches by it, and the message's schema holds it.
 */
export const MAX_LOOKUP_KEYS = 500;
