/** @module The popup page: mounts the Preact popup. */
import { render } from 'preact';
import { Popup } from '../../popup/popup';
import './style.css';

const root = document.getElementById('app');
if (root) render(<Popup />, root);
