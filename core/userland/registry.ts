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
import { stat } from './stat.ts';
import { du } from './du.ts';
import { df } from './df.ts';
import { find } from './find.ts';
import { xargs } from './xargs.ts';
import { chattr, lsattr } from './chattr.ts';
import { sleep } from './sleep.ts';
import { date } from './date.ts';
import { seq, yes } from './seq.ts';
import { env, printenv } from './env.ts';
import { basename, dirname } from './basename.ts';
import { tee } from './tee.ts';
import { tar } from './tar.ts';
import { awk } from './awk.ts';
import { md5sum } from './md5sum.ts';
import { less, more } from './more.ts';
import { clear } from './clear.ts';
import { which } from './which.ts';
import { vi } from './vi.ts';
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
	{ name: 'stat', paths: ['/usr/bin/stat'], run: stat },
	{ name: 'du', paths: ['/usr/bin/du'], run: du },
	{ name: 'df', paths: ['/bin/df'], run: df },
	{ name: 'find', paths: ['/usr/bin/find'], run: find },
	{ name: 'xargs', paths: ['/usr/bin/xargs'], run: xargs },
	{ name: 'chattr', paths: ['/usr/bin/chattr'], run: chattr },
	{ name: 'lsattr', paths: ['/usr/bin/lsattr'], run: lsattr },
	{ name: 'sleep', paths: ['/bin/sleep'], run: sleep },
	{ name: 'date', paths: ['/bin/date'], run: date },
	{ name: 'yes', paths: ['/usr/bin/yes'], run: yes },
	{ name: 'seq', paths: ['/usr/bin/seq'], run: seq },
	{ name: 'env', paths: ['/usr/bin/env', '/bin/env'], run: env },
	{ name: 'printenv', paths: ['/usr/bin/printenv'], run: printenv },
	{ name: 'basename', paths: ['/bin/basename'], run: basename },
	{ name: 'dirname', paths: ['/usr/bin/dirname'], run: dirname },
	{ name: 'tee', paths: ['/usr/bin/tee'], run: tee },
	{ name: 'tar', paths: ['/bin/tar'], run: tar },
	{ name: 'awk', paths: ['/bin/gawk', '/bin/awk', '/usr/bin/gawk', '/usr/bin/awk'], run: awk },
	{ name: 'md5sum', paths: ['/usr/bin/md5sum'], run: md5sum },
	{ name: 'more', paths: ['/bin/more'], run: more },
	{ name: 'less', paths: ['/usr/bin/less'], run: less },
	{ name: 'clear', paths: ['/usr/bin/clear'], run: clear },
	{ name: 'which', paths: ['/usr/bin/which'], run: which },
	{ name: 'vi', paths: ['/bin/vi'], run: vi },
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
