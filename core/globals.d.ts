// The few host globals the machine core may use: present alike in Node and in a Web Worker.
// Declared here, rather than pulling in the DOM or Node libraries, so nothing else creeps in.

declare class TextEncoder {
	encode(input?: string): Uint8Array;
}
declare class TextDecoder {
	constructor(label?: string, options?: { fatal?: boolean });
	decode(input?: Uint8Array): string;
}
declare const performance: { now(): number };
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function setInterval(cb: () => void, ms?: number): unknown;
declare function clearInterval(id: unknown): void;
declare const setImmediate: ((cb: () => void) => unknown) | undefined;
declare function queueMicrotask(cb: () => void): void;
declare class MessageChannel {
	readonly port1: MessagePortLike;
	readonly port2: MessagePortLike;
}
interface MessagePortLike {
	onmessage: ((ev: { data: unknown }) => void) | null;
	postMessage(data: unknown): void;
	close(): void;
}
declare const console: {
	log(...args: unknown[]): void;
	warn(...args: unknown[]): void;
	error(...args: unknown[]): void;
};
