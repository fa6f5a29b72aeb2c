// crond (vixie-cron 3.0.1): wakes at each minute, runs the /etc/crontab and /var/spool/cron/USER
// entries whose time fields match, each as `/bin/sh -c` under its user, and logs to cron. This
// module is the daemon's loop, which boot starts; what it does each minute is cron-jobs.ts.
import { SIGCHLD, SIGTERM, WNOHANG, isErrno, type Sys } from '../syscalls/index.ts';
import { LOG_CRON, LOG_INFO, daemonize, syslog } from './lib/daemon.ts';
import { Users } from './lib/users.ts';
import type * as CronJobs from './cron-jobs.ts';

let jobs: typeof CronJobs | null = null;

export async function crond(sys: Sys, argv: string[]): Promise<number> {
	const body = async (d: Sys): Promise<number> => {
		let exiting = false;
		await d.signal(SIGTERM, () => (exiting = true));
		await d.signal(SIGCHLD, () => {});
		await syslog(d, LOG_CRON | LOG_INFO, 'crond', '(CRON) STARTUP (fork ok)');
		const users = new Users(d);
		for (;;) {
			const now = await d.time();
			const next = (Math.floor(now / 60) + 1) * 60;
			while ((await d.time()) < next && !exiting) {
				await d.sleep((next - (await d.time())) * 1000);
				for (;;) {
					const w = await d.waitpid(-1, WNOHANG);
					if (isErrno(w) && w.name === 'EINTR') continue;
					if (isErrno(w) || w.pid === 0) break;
				}
			}
			if (exiting) {
				await d.unlink('/var/run/crond.pid');
				return 0;
			}
			// The job runner arrives at the first minute, inside this process's slice.
			jobs ??= await import('./cron-jobs.ts');
			await jobs.runDue(d, users, next);
		}
	};
	if (argv.includes('-n')) return body(sys);
	return daemonize(sys, 'crond', body);
}
