import type { AnyIntCore } from '../../client.js';
import { APIResource } from '../../core/resource.js';
import { Speech } from './speech.js';
import { Transcriptions } from './transcriptions.js';
import { Translations } from './translations.js';

export class Audio extends APIResource {
  readonly speech: Speech;
  readonly transcriptions: Transcriptions;
  readonly translations: Translations;

  constructor(client: AnyIntCore) {
    super(client);
    this.speech = new Speech(client);
    this.transcriptions = new Transcriptions(client);
    this.translations = new Translations(client);
  }
}
