// The everyday tools as one lazily loaded module: ls, cat, ps, grep and the vserver tools a learner
// types in the first minute. None runs during boot, so they stay out of the worker's first chunk
// (issue 17's 120 kB budget) and arrive together in one request instead of thirty.
export { cat } from './cat.ts';
export { ls } from './ls.ts';
export { printf } from './printf.ts';
export { bracket, test } from './test.ts';
export { mkdir, rmdir } from './mkdir.ts';
export { cp } from './cp.ts';
export { mv } from './mv.ts';
export { ln } from './ln.ts';
export { chmod } from './chmod.ts';
export { chgrp, chown } from './chown.ts';
export { egrep, fgrep, grep } from './grep.ts';
export { head, tail } from './head.ts';
export { wc } from './wc.ts';
export { sleep } from './sleep.ts';
export { env, printenv } from './env.ts';
export { basename, dirname } from './basename.ts';
export { clear } from './clear.ts';
export { which } from './which.ts';
export { ps } from './ps.ts';
export { pstree } from './pstree.ts';
export { kill } from './kill.ts';
export { killall, pidof } from './killall.ts';
export { groups, id, whoami } from './id.ts';
export { uname } from './uname.ts';
export { hostname, tty } from './hostname.ts';
export { su } from './su.ts';
export { chcontext } from './chcontext.ts';
export { chbind } from './chbind.ts';
export { reducecap } from './reducecap.ts';
