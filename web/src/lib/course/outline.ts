// The paper's table of contents ("Virtual private servers and security contexts", J. Gélinas),
// as the course follows it. Chapters with content get a `href` once their tutorial exists.

export interface OutlineEntry {
	/** Section number as the paper prints it, e.g. `2.6.1`. */
	number: string;
	title: string;
	/** A "Playing with" section: hands-on at a terminal rather than read. */
	exercise?: boolean;
	children?: OutlineEntry[];
}

const playing = (number: string, title: string): OutlineEntry => ({
	number,
	title,
	exercise: true
});

export const outline: OutlineEntry[] = [
	{ number: '1', title: 'Introduction', children: [{ number: '1.1', title: 'Who needs that' }] },
	{
		number: '2',
		title: 'Principles',
		children: [
			{ number: '2.1', title: 'Non reversible isolation' },
			{ number: '2.2', title: 'Isolation areas' },
			{ number: '2.3', title: 'New system calls' },
			{ number: '2.4', title: 'Limiting super-user: The capabilities system' },
			{ number: '2.5', title: 'Enhancing the capability system' },
			{
				number: '2.6',
				title: 'Playing with the new system calls',
				children: [
					playing('2.6.1', 'Playing with /usr/sbin/chcontext'),
					playing('2.6.2', 'Playing with /usr/sbin/chcontext as root'),
					playing('2.6.3', 'Playing with /usr/sbin/chbind'),
					playing('2.6.4', 'Playing with /usr/sbin/reducecap')
				]
			},
			{ number: '2.7', title: 'Unification' }
		]
	},
	{
		number: '3',
		title: 'Applications',
		children: [
			{ number: '3.1', title: 'Virtual server' },
			{ number: '3.2', title: 'Per user fire-wall' },
			{ number: '3.3', title: 'Secure server/Intrusion detection' },
			{ number: '3.4', title: 'Fail over servers' }
		]
	},
	{
		number: '4',
		title: 'Installation',
		children: [
			{ number: '4.1', title: 'The packages' },
			{ number: '4.2', title: 'Setting a virtual server' },
			{ number: '4.3', title: 'Basic configuration of the virtual server' },
			{ number: '4.4', title: 'Entering the virtual server' },
			{ number: '4.5', title: 'Configuring the services' },
			{ number: '4.6', title: 'Starting/Stopping the virtual server' },
			{ number: '4.7', title: 'Starting/Stopping all the virtual servers' },
			{ number: '4.8', title: 'Restarting a virtual server from inside' },
			{ number: '4.9', title: 'Executing tasks at vserver start/stop time' },
			{ number: '4.10', title: 'Issues' },
			{ number: '4.11', title: 'How real is it ?' }
		]
	},
	{ number: '5', title: 'Features' },
	{
		number: '6',
		title: 'Future directions',
		children: [
			{ number: '6.1', title: 'User controlled security box' },
			{
				number: '6.2',
				title: 'Kernel enhancements',
				children: [
					{ number: '6.2.1', title: 'Per context disk quota' },
					{ number: '6.2.2', title: 'Global limits' },
					{ number: '6.2.3', title: 'Scheduler' },
					{ number: '6.2.4', title: 'Security issues /dev/random /dev/pts Network devices' }
				]
			}
		]
	},
	{
		number: '7',
		title: 'Alternative technologies',
		children: [
			{ number: '7.1', title: 'Virtual machines' },
			{ number: '7.2', title: 'Partitioning' },
			{ number: '7.3', title: 'Limitation of those technologies' }
		]
	},
	{ number: '8', title: 'Conclusion' },
	{ number: '9', title: 'Download' },
	{ number: '10', title: 'References' }
];
