// Every program of the image by its registered name, and where it is installed.
import type { Program } from '../syscalls/index.ts';
import { sh } from '../shell/index.ts';
import { init } from './init.ts';
import { echo, falseCommand, trueCommand } from './basic.ts';
// File and text tools (issue 8).
import { cat } from './cat.ts';
import { ls } from './ls.ts';
import { printf } from './printf.ts';
import { bracket, test } from './test.ts';
import { mkdir, rmdir } from './mkdir.ts';
import { rm } from './rm.ts';
import { cp } from './cp.ts';
import { mv } from './mv.ts';
import { ln } from './ln.ts';
import { touch } from './touch.ts';
import { chmod } from './chmod.ts';
import { chgrp, chown } from './chown.ts';
import { egrep, fgrep, grep } from './grep.ts';
import { head, tail } from './head.ts';
import { wc } from './wc.ts';
import { sort } from './sort.ts';
import { uniq } from './uniq.ts';
import { cut } from './cut.ts';
import { tr } from './tr.ts';
import { sed } from './sed.ts';
// Process, user and system tools (issue 9).
import { processTools } from './process-tools.ts';
// The base distribution: init's tools, daemons and network clients (issue 10).
import { baseTools } from './base-tools.ts';
// The vserver 0.22 tools (issue 11).
import { chcontext } from './chcontext.ts';
import { chbind } from './chbind.ts';
import { reducecap } from './reducecap.ts';
import { capchroot } from './capchroot.ts';
import { showattr } from './showattr.ts';
import { setattr } from './setattr.ts';

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
	{ name: 'false', paths: ['/bin/false'], run: falseCommand },
	// File and text tools (issue 8), at their Red Hat 7.3 paths.
	{ name: 'cat', paths: ['/bin/cat'], run: cat },
	{ name: 'ls', paths: ['/bin/ls'], run: ls },
	{ name: 'printf', paths: ['/usr/bin/printf'], run: printf },
	{ name: 'test', paths: ['/usr/bin/test'], run: test },
	{ name: '[', paths: ['/usr/bin/['], run: bracket },
	{ name: 'mkdir', paths: ['/bin/mkdir'], run: mkdir },
	{ name: 'rmdir', paths: ['/bin/rmdir'], run: rmdir },
	{ name: 'rm', paths: ['/bin/rm'], run: rm },
	{ name: 'cp', paths: ['/bin/cp'], run: cp },
	{ name: 'mv', paths: ['/bin/mv'], run: mv },
	{ name: 'ln', paths: ['/bin/ln'], run: ln },
	{ name: 'touch', paths: ['/bin/touch'], run: touch },
	{ name: 'chmod', paths: ['/bin/chmod'], run: chmod },
	{ name: 'chown', paths: ['/bin/chown'], run: chown },
	{ name: 'chgrp', paths: ['/bin/chgrp'], run: chgrp },
	{ name: 'grep', paths: ['/bin/grep'], run: grep },
	{ name: 'egrep', paths: ['/bin/egrep'], run: egrep },
	{ name: 'fgrep', paths: ['/bin/fgrep'], run: fgrep },
	{ name: 'head', paths: ['/usr/bin/head'], run: head },
	{ name: 'tail', paths: ['/usr/bin/tail'], run: tail },
	{ name: 'wc', paths: ['/usr/bin/wc'], run: wc },
	{ name: 'sort', paths: ['/bin/sort'], run: sort },
	{ name: 'uniq', paths: ['/usr/bin/uniq'], run: uniq },
	{ name: 'cut', paths: ['/bin/cut'], run: cut },
	{ name: 'tr', paths: ['/usr/bin/tr'], run: tr },
	{ name: 'sed', paths: ['/bin/sed'], run: sed },
	...processTools,
	...baseTools,
	// The vserver 0.22 tools (issue 11): the package's /usr/sbin and /usr/lib/vserver.
	{ name: 'chcontext', paths: ['/usr/sbin/chcontext'], run: chcontext },
	{ name: 'chbind', paths: ['/usr/sbin/chbind'], run: chbind },
	{ name: 'reducecap', paths: ['/usr/sbin/reducecap'], run: reducecap },
	{ name: 'capchroot', paths: ['/usr/lib/vserver/capchroot'], run: capchroot },
	{ name: 'showattr', paths: ['/usr/lib/vserver/showattr'], run: showattr },
	{ name: 'setattr', paths: ['/usr/lib/vserver/setattr'], run: setattr }
];
