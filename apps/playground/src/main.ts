import './style.css';
import { connectionBar } from './connection.js';
import { imagePanel } from './panels/image.js';
import { moderationPanel } from './panels/moderation.js';
import { searchPanel } from './panels/search.js';
import { speechPanel } from './panels/speech.js';
import { transcriptionPanel } from './panels/transcription.js';
import { videoPanel } from './panels/video.js';

const connection = connectionBar();
document.querySelector('#connection')!.replaceWith(connection.root);
document
  .querySelector('#panels')!
  .append(
    searchPanel(connection),
    imagePanel(connection),
    speechPanel(connection),
    transcriptionPanel(connection),
    moderationPanel(connection),
    videoPanel(connection),
  );
document.body.dataset.ready = 'true';
