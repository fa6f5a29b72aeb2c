// Every program of the image by its registered name, and where it is installed.
import type { Program } from '../syscalls/index.ts';
import { lazy } from './lib/lazy.ts';
import { everyday } from './lib/everyday.ts';
import { sh } from '../shell/index.ts';
import { init } from './init.ts';
import { echo, falseCommand, trueCommand } from './basic.ts';
// File and text tools (issue 8).
import { rm } from './rm.ts';
import { touch } from './touch.ts';
// Process, user and system tools (issue 9).
import { processTools } from './process-tools.ts';
// The base distribution: init's tools, daemons and network clients (issue 10).
import { baseTools } from './base-tools.ts';
// The vserver 0.22 tools (issue 11).

export interface ProgramEntry {
	name: string;
	/** Installed paths; the first is the canonical one. */
	paths: string[];
	run: Program;
	/** File mode (setuid programs say so here). */
	mode?: number;
	/** Installed only on a machine booted with the later kernel (BootOptions `kernel: 'later'`). */
	later?: boolean;
}

export const programs: ProgramEntry[] = [
	{ name: 'sh', paths: ['/bin/sh', '/bin/bash'], run: sh },
	{ name: 'init', paths: ['/sbin/init'], run: init },
	{ name: 'echo', paths: ['/bin/echo'], run: echo },
	{ name: 'true', paths: ['/bin/true'], run: trueCommand },
	{ name: 'false', paths: ['/bin/false'], run: falseCommand },
	// File and text tools (issue 8), at their Red Hat 7.3 paths.
	{ name: 'cat', paths: ['/bin/cat'], run: lazy(everyday, (m) => m.cat) },
	{ name: 'ls', paths: ['/bin/ls'], run: lazy(everyday, (m) => m.ls) },
	{ name: 'printf', paths: ['/usr/bin/printf'], run: lazy(everyday, (m) => m.printf) },
	{ name: 'test', paths: ['/usr/bin/test'], run: lazy(everyday, (m) => m.test) },
	{ name: '[', paths: ['/usr/bin/['], run: lazy(everyday, (m) => m.bracket) },
	{ name: 'mkdir', paths: ['/bin/mkdir'], run: lazy(everyday, (m) => m.mkdir) },
	{ name: 'rmdir', paths: ['/bin/rmdir'], run: lazy(everyday, (m) => m.rmdir) },
	{ name: 'rm', paths: ['/bin/rm'], run: rm },
	{ name: 'cp', paths: ['/bin/cp'], run: lazy(everyday, (m) => m.cp) },
	{ name: 'mv', paths: ['/bin/mv'], run: lazy(everyday, (m) => m.mv) },
	{ name: 'ln', paths: ['/bin/ln'], run: lazy(everyday, (m) => m.ln) },
	{ name: 'touch', paths: ['/bin/touch'], run: touch },
	{ name: 'chmod', paths: ['/bin/chmod'], run: lazy(everyday, (m) => m.chmod) },
	{ name: 'chown', paths: ['/bin/chown'], run: lazy(everyday, (m) => m.chown) },
	{ name: 'chgrp', paths: ['/bin/chgrp'], run: lazy(everyday, (m) => m.chgrp) },
	{ name: 'grep', paths: ['/bin/grep'], run: lazy(everyday, (m) => m.grep) },
	{ name: 'egrep', paths: ['/bin/egrep'], run: lazy(everyday, (m) => m.egrep) },
	{ name: 'fgrep', paths: ['/bin/fgrep'], run: lazy(everyday, (m) => m.fgrep) },
	{ name: 'head', paths: ['/usr/bin/head'], run: lazy(everyday, (m) => m.head) },
	{ name: 'tail', paths: ['/usr/bin/tail'], run: lazy(everyday, (m) => m.tail) },
	{ name: 'wc', paths: ['/usr/bin/wc'], run: lazy(everyday, (m) => m.wc) },
	{
		name: 'sort',
		paths: ['/bin/sort'],
		run: lazy(
			() => import('./sort.ts'),
			(m) => m.sort
		)
	},
	{
		name: 'uniq',
		paths: ['/usr/bin/uniq'],
		run: lazy(
			() => import('./uniq.ts'),
			(m) => m.uniq
		)
	},
	{
		name: 'cut',
		paths: ['/bin/cut'],
		run: lazy(
			() => import('./cut.ts'),
			(m) => m.cut
		)
	},
	{
		name: 'tr',
		paths: ['/usr/bin/tr'],
		run: lazy(
			() => import('./tr.ts'),
			(m) => m.tr
		)
	},
	{
		name: 'sed',
		paths: ['/bin/sed'],
		run: lazy(
			() => import('./sed.ts'),
			(m) => m.sed
		)
	},
	{
		name: 'stat',
		paths: ['/usr/bin/stat'],
		run: lazy(
			() => import('./stat.ts'),
			(m) => m.stat
		)
	},
	{
		name: 'du',
		paths: ['/usr/bin/du'],
		run: lazy(
			() => import('./du.ts'),
			(m) => m.du
		)
	},
	{
		name: 'df',
		paths: ['/bin/df'],
		run: lazy(
			() => import('./df.ts'),
			(m) => m.df
		)
	},
	{
		name: 'find',
		paths: ['/usr/bin/find'],
		run: lazy(
			() => import('./find.ts'),
			(m) => m.find
		)
	},
	{
		name: 'xargs',
		paths: ['/usr/bin/xargs'],
		run: lazy(
			() => import('./xargs.ts'),
			(m) => m.xargs
		)
	},
	{
		name: 'chattr',
		paths: ['/usr/bin/chattr'],
		run: lazy(
			() => import('./chattr.ts'),
			(m) => m.chattr
		)
	},
	{
		name: 'lsattr',
		paths: ['/usr/bin/lsattr'],
		run: lazy(
			() => import('./chattr.ts'),
			(m) => m.lsattr
		)
	},
	{ name: 'sleep', paths: ['/bin/sleep'], run: lazy(everyday, (m) => m.sleep) },
	{
		name: 'date',
		paths: ['/bin/date'],
		run: lazy(
			() => import('./date.ts'),
			(m) => m.date
		)
	},
	{
		name: 'yes',
		paths: ['/usr/bin/yes'],
		run: lazy(
			() => import('./seq.ts'),
			(m) => m.yes
		)
	},
	{
		name: 'seq',
		paths: ['/usr/bin/seq'],
		run: lazy(
			() => import('./seq.ts'),
			(m) => m.seq
		)
	},
	{ name: 'env', paths: ['/usr/bin/env', '/bin/env'], run: lazy(everyday, (m) => m.env) },
	{ name: 'printenv', paths: ['/usr/bin/printenv'], run: lazy(everyday, (m) => m.printenv) },
	{ name: 'basename', paths: ['/bin/basename'], run: lazy(everyday, (m) => m.basename) },
	{ name: 'dirname', paths: ['/usr/bin/dirname'], run: lazy(everyday, (m) => m.dirname) },
	{
		name: 'tee',
		paths: ['/usr/bin/tee'],
		run: lazy(
			() => import('./tee.ts'),
			(m) => m.tee
		)
	},
	{
		name: 'tar',
		paths: ['/bin/tar'],
		run: lazy(
			() => import('./tar.ts'),
			(m) => m.tar
		)
	},
	{
		name: 'awk',
		paths: ['/bin/gawk', '/bin/awk', '/usr/bin/gawk', '/usr/bin/awk'],
		run: lazy(
			() => import('./awk.ts'),
			(m) => m.awk
		)
	},
	{
		name: 'md5sum',
		paths: ['/usr/bin/md5sum'],
		run: lazy(
			() => import('./md5sum.ts'),
			(m) => m.md5sum
		)
	},
	{
		name: 'more',
		paths: ['/bin/more'],
		run: lazy(
			() => import('./more.ts'),
			(m) => m.more
		)
	},
	{
		name: 'less',
		paths: ['/usr/bin/less'],
		run: lazy(
			() => import('./more.ts'),
			(m) => m.less
		)
	},
	{ name: 'clear', paths: ['/usr/bin/clear'], run: lazy(everyday, (m) => m.clear) },
	{ name: 'which', paths: ['/usr/bin/which'], run: lazy(everyday, (m) => m.which) },
	{
		name: 'vi',
		paths: ['/bin/vi'],
		run: lazy(
			() => import('./vi.ts'),
			(m) => m.vi
		)
	},
	...processTools,
	...baseTools,
	// The vserver 0.22 tools (issue 11): the package's /usr/sbin and /usr/lib/vserver.
	{ name: 'chcontext', paths: ['/usr/sbin/chcontext'], run: lazy(everyday, (m) => m.chcontext) },
	{ name: 'chbind', paths: ['/usr/sbin/chbind'], run: lazy(everyday, (m) => m.chbind) },
	{ name: 'reducecap', paths: ['/usr/sbin/reducecap'], run: lazy(everyday, (m) => m.reducecap) },
	{
		name: 'vserver-stat',
		paths: ['/usr/sbin/vserver-stat'],
		run: lazy(
			() => import('./vserver-stat.ts'),
			(m) => m.vserverStat
		)
	},
	{
		name: 'capchroot',
		paths: ['/usr/lib/vserver/capchroot'],
		run: lazy(
			() => import('./capchroot.ts'),
			(m) => m.capchroot
		)
	},
	{
		name: 'showattr',
		paths: ['/usr/lib/vserver/showattr'],
		run: lazy(
			() => import('./showattr.ts'),
			(m) => m.showattr
		)
	},
	{
		name: 'setattr',
		paths: ['/usr/lib/vserver/setattr'],
		run: lazy(
			() => import('./setattr.ts'),
			(m) => m.setattr
		)
	},
	// Packages and unification (issue 13).
	{
		name: 'rpm',
		paths: ['/bin/rpm'],
		run: lazy(
			() => import('./rpm.ts'),
			(m) => m.rpm
		)
	},
	{
		name: 'vunify',
		paths: ['/usr/lib/vserver/vunify'],
		run: lazy(
			() => import('./vunify.ts'),
			(m) => m.vunify
		)
	},
	{
		name: 'parserpmdump',
		paths: ['/usr/lib/vserver/parserpmdump'],
		run: lazy(
			() => import('./vunify.ts'),
			(m) => m.parserpmdump
		)
	},
	{
		name: 'vbuild',
		paths: ['/usr/lib/vserver/vbuild'],
		run: lazy(
			() => import('./vbuild.ts'),
			(m) => m.vbuild
		)
	},
	{
		name: 'vdu',
		paths: ['/usr/sbin/vdu', '/usr/lib/vserver/vdu'],
		run: lazy(
			() => import('./vdu.ts'),
			(m) => m.vdu
		)
	},
	// The vserver framework of chapter 4 (issue 12).
	{
		name: 'vreboot',
		paths: ['/usr/lib/vserver/vreboot'],
		run: lazy(
			() => import('./vreboot.ts'),
			(m) => m.vreboot
		)
	},
	{
		name: 'rebootmgr',
		paths: ['/usr/sbin/rebootmgr'],
		run: lazy(
			() => import('./rebootmgr.ts'),
			(m) => m.rebootmgr
		)
	},
	{
		name: 'newvserver',
		paths: ['/usr/sbin/newvserver'],
		run: lazy(
			() => import('./newvserver.ts'),
			(m) => m.newvserver
		)
	},
	{
		name: 'fakerunlevel',
		paths: ['/usr/lib/vserver/fakerunlevel'],
		run: lazy(
			() => import('./fakerunlevel.ts'),
			(m) => m.fakerunlevel
		)
	},
	// Chapter 3 and 6 scenarios (issue 14).
	{
		name: 'ipchains',
		paths: ['/sbin/ipchains'],
		run: lazy(
			() => import('./ipchains.ts'),
			(m) => m.ipchains
		)
	},
	{
		name: 'tripcheck',
		paths: ['/usr/sbin/tripcheck'],
		run: lazy(
			() => import('./tripcheck.ts'),
			(m) => m.tripcheck
		)
	},
	// The later tools of chapter 6, with the later kernel only (issue 14).
	{
		name: 'setctxlimit',
		paths: ['/usr/sbin/setctxlimit'],
		later: true,
		run: lazy(
			() => import('./setctxlimit.ts'),
			(m) => m.setctxlimit
		)
	},
	{
		name: 'vdlimit',
		paths: ['/usr/sbin/vdlimit'],
		later: true,
		run: lazy(
			() => import('./vdlimit.ts'),
			(m) => m.vdlimit
		)
	}
];
