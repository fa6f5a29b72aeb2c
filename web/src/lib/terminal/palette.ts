// xterm.js colours for each page theme: the terminal reads as part of the page, not a hole in it.
import type { ITheme } from '@xterm/xterm';
import type { Theme } from '../theme/theme.svelte.ts';

const light: ITheme = {
	background: '#fffdf8',
	foreground: '#23201b',
	cursor: '#8a2d1c',
	cursorAccent: '#fffdf8',
	selectionBackground: '#e9cfc3',
	selectionInactiveBackground: '#eee5da',
	black: '#23201b',
	red: '#a3261a',
	green: '#3b6b2a',
	yellow: '#8a6410',
	blue: '#285a9c',
	magenta: '#7d3a83',
	cyan: '#1f6f74',
	white: '#8c8578',
	brightBlack: '#5e584d',
	brightRed: '#c2402f',
	brightGreen: '#4d8536',
	brightYellow: '#a47a17',
	brightBlue: '#3870b8',
	brightMagenta: '#97509d',
	brightCyan: '#2b8a90',
	brightWhite: '#b3ab9c'
};

const dark: ITheme = {
	background: '#0f1113',
	foreground: '#e6e1d6',
	cursor: '#e8a088',
	cursorAccent: '#0f1113',
	selectionBackground: '#4a3a35',
	selectionInactiveBackground: '#33302d',
	black: '#2a2e33',
	red: '#ef8a80',
	green: '#a3d195',
	yellow: '#e6c47a',
	blue: '#8fb4e8',
	magenta: '#d4a2dc',
	cyan: '#86ccd0',
	white: '#d7d2c8',
	brightBlack: '#6b7079',
	brightRed: '#f6a49b',
	brightGreen: '#bde3b1',
	brightYellow: '#f0d598',
	brightBlue: '#aecaf1',
	brightMagenta: '#e3bde9',
	brightCyan: '#a6dde0',
	brightWhite: '#f5f1e8'
};

export function terminalTheme(theme: Theme): ITheme {
	return theme === 'dark' ? dark : light;
}
