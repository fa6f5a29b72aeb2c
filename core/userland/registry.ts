// Every program of the image by its registered name, and where it is installed.
import type { Program } from '../syscalls/index.ts';
import { sh } from '../shell/index.ts';
import { init } from './init.ts';
import { echo, falseCommand, trueCommand } from './basic.ts';

export interface ProgramEntry {
	name: string;
	/** Installed paths; the first is the canonical one. */
	paths: string[];
	run: Program;
	/** File mode (setuid programs say so here). */
	mode?: number;
}

export const programs: ProgramEntry[] = [
	{ name: 'sh', paths: ['/bin/sh', '/bin/bash'], run: sh },
	{ name: 'init', paths: ['/sbin/init'], run: init },
	{ name: 'echo', paths: ['/bin/echo'], run: echo },
	{ name: 'true', paths: ['/bin/true'], run: trueCommand },
	{ name: 'false', paths: ['/bin/false'], run: falseCommand }
];
