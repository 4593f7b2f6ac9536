import type { Video, VideoCreateParams } from '@anyint/client';
import {
  type Command,
  type CommandContext,
  helpText,
  integerOption,
  type ParsedArgs,
  stringOption,
} from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { formatBytes, progressBar } from '../output.js';
import { saveBinary } from '../transfer.js';

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  const existing = stringOption(values, 'id');
  const prompt = positionals.join(' ').trim();
  if (!existing && !prompt)
    throw new UsageError('Give a prompt: anyint video "a red fox in snow" --model <id>.');
  if (existing && prompt) throw new UsageError('Give either a prompt or --id, not both.');
  const model = stringOption(values, 'model');
  if (!existing && !model) throw new UsageError('Missing --model <id> (e.g. kling-v3, sora-2).');
  const pollIntervalMs = integerOption(values, 'poll-interval', { min: 10 }) ?? 2000;
  const { output, signal } = context;
  const client = context.client();

  let video: Video;
  if (existing) {
    video = await client.videos.retrieve(existing, { signal });
  } else {
    const params: VideoCreateParams = { model: model as string, prompt };
    const seconds = stringOption(values, 'seconds');
    if (seconds !== undefined) params.seconds = seconds;
    const size = stringOption(values, 'size');
    if (size !== undefined) params.size = size;
    video = await client.videos.create(params, { signal });
    output.message(`Video ${video.id} ${video.status}.`);
  }

  const bar = progressBar(output, `video ${video.id}`, { percent: true });
  try {
    video = await client.videos.poll(video.id, {
      signal,
      intervalMs: pollIntervalMs,
      onProgress: ({ status, progress }) => bar.update(progress ?? 0, 100, status),
    });
  } catch (error) {
    bar.done();
    if (signal.aborted) {
      output.message(
        `The video keeps going on the server; fetch it later with \`anyint video --id ${video.id} -o <file>\`.`,
      );
    }
    throw error;
  }
  bar.done();

  const out = stringOption(values, 'out') ?? `${video.id}.mp4`;
  const bytes = await saveBinary(
    await client.videos.content(video.id, {}, { signal }),
    out,
    output,
    'downloading',
  );
  const thumbnail = stringOption(values, 'thumbnail');
  if (thumbnail) {
    await saveBinary(
      await client.videos.content(video.id, { variant: 'thumbnail' }, { signal }),
      thumbnail,
      output,
      'thumbnail',
    );
  }
  output.message(
    `Saved ${formatBytes(bytes)} to ${out === '-' ? 'stdout' : out}${thumbnail ? ` and the thumbnail to ${thumbnail}` : ''}.`,
  );
  if (values.json === true) await output.json({ ...video, file: out, thumbnail: thumbnail ?? null });
  else if (out !== '-') await output.line(out);
  return EXIT.ok;
}

export const videoCommand: Command = {
  name: 'video',
  summary: 'generate a video from a prompt and download it',
  options: {
    model: { type: 'string', short: 'm' },
    seconds: { type: 'string' },
    size: { type: 'string' },
    out: { type: 'string', short: 'o' },
    thumbnail: { type: 'string' },
    id: { type: 'string' },
    'poll-interval': { type: 'string' },
    json: { type: 'boolean' },
  },
  run,
  help: helpText({
    usage: 'anyint video "<prompt>" --model <id> [--seconds 5] [--size 1280x720] [-o out.mp4]',
    description: `Starts a video job, shows its progress, waits for it and streams the MP4 to disk. Prints the
file's path on stdout (or the finished job as JSON with --json). After Ctrl-C the job keeps running on
the server: --id <video-id> waits for it and downloads it.`,
    options: `  -m, --model <id>        video model, e.g. kling-v3, kling-v3-pro, sora-2 (required with a prompt)
  --seconds <n>           length as the model takes it ("5" or "10" for Kling, "4", "8", "12" for Sora)
  --size <WxH>            frame size, e.g. 1280x720
  -o, --out <file>        where to write the video (default <video-id>.mp4; - for stdout)
  --thumbnail <file>      also download the thumbnail
  --id <video-id>         wait for and download an existing video instead of creating one
  --poll-interval <ms>    first wait between status checks (default 2000)
  --json                  print the finished job as JSON`,
    examples: `  anyint video "a red fox in snow" --model kling-v3 --seconds 5 -o fox.mp4
  anyint video "waves at dusk" -m sora-2 --size 1280x720 --thumbnail waves.png -o waves.mp4
  anyint video --id video_abc123 -o fox.mp4`,
  }),
};
