// Entry of embed.html: one exercise, meant to sit in an iframe of another page.
import { mount } from 'svelte';
import './app.css';
import Embed from './Embed.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('embed.html has no #app element');
mount(Embed, { target });
