// Which terminal lines report a refusal (strerror texts as programs print them), so a terminal can
// link them to the inspector's "why was this denied?". Kept tiny: terminals load it up front.

/** strerror text by errno name. */
export const REFUSAL_MESSAGES: Record<string, RegExp> = {
	EPERM: /Operation not permitted/,
	EACCES: /Permission denied/,
	EADDRNOTAVAIL: /Cannot assign requested address|Can't grab/,
	EADDRINUSE: /Address already in use/,
	ESRCH: /No such process/,
	EAGAIN: /Resource temporarily unavailable|Cannot fork/,
	EROFS: /Read-only file system/
};

/** Any of them. */
export const REFUSAL_LINE = new RegExp(
	Object.values(REFUSAL_MESSAGES)
		.map((r) => r.source)
		.join('|')
);
