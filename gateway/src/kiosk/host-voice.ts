import { type ChildProcess, spawn } from 'node:child_process';
import { type Logger, silentLogger } from '@vaultline/shared';

export type VoiceLang = 'zh' | 'en';

export interface HostVoiceOptions {
  logger?: Logger;
  /** The speech program (default `espeak-ng`). */
  command?: string;
  /** Write each prompt to this WAV file instead of the speaker (tests, hosts without a sound card). */
  wavPath?: string;
}

/** Prompts are one or two sentences; a longer text is cut rather than read out for minutes. */
const MAX_CHARS = 400;
/** espeak-ng voices: `zh` is Mandarin (cmn), `en` English. */
const VOICES: Record<VoiceLang, string> = { zh: 'zh', en: 'en' };

/**
 * Voice prompts on the gateway's own speaker through espeak-ng, when it is installed. Whether it is,
 * is found out once, on first use. Never throws: a branch without a speaker still hands over.
 */
export class HostVoice {
  private available: Promise<boolean> | undefined;
  private current: ChildProcess | undefined;
  private readonly logger: Logger;
  private readonly command: string;

  constructor(private readonly options: HostVoiceOptions = {}) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'gateway.voice' });
    this.command = options.command ?? 'espeak-ng';
  }

  /** Whether the speech program runs on this host (checked once). */
  isAvailable(): Promise<boolean> {
    this.available ??= this.run(['--version'], undefined).then((code) => {
      if (code === null)
        this.logger.debug(
          { command: this.command },
          'no speech program on this host; voice prompts stay on screen',
        );
      return code === 0;
    });
    return this.available;
  }

  /**
   * Speaks `text`; a new prompt cuts off the one still playing, since only the latest matters.
   * Resolves true when the prompt was spoken to the end.
   */
  async speak(text: string, lang: VoiceLang): Promise<boolean> {
    if (!(await this.isAvailable())) return false;
    this.current?.kill();
    const args = ['-v', VOICES[lang], '--stdin'];
    if (this.options.wavPath) args.push('-w', this.options.wavPath);
    // The text goes through stdin, never the command line: nothing in it can be read as an option.
    const code = await this.run(args, text.slice(0, MAX_CHARS));
    return code === 0;
  }

  /** Runs the program; resolves its exit code, or null when it could not be started. */
  private run(args: string[], input: string | undefined): Promise<number | null> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(this.command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
      } catch (error) {
        this.logger.debug({ err: error }, 'speech program could not start');
        resolve(null);
        return;
      }
      if (input !== undefined) this.current = child;
      child.on('error', (error) => {
        this.logger.debug({ err: error }, 'speech program could not start');
        resolve(null);
      });
      child.on('close', (code) => {
        if (this.current === child) this.current = undefined;
        resolve(code);
      });
      child.stdin?.on('error', () => {});
      child.stdin?.end(input ?? '');
    });
  }
}

let shared: HostVoice | undefined;

/** Speaks on the host with a shared HostVoice (one detection per process). Never throws. */
export function speakOnHost(text: string, lang: VoiceLang, logger?: Logger): Promise<boolean> {
  shared ??= new HostVoice(logger ? { logger } : {});
  return shared.speak(text, lang);
}
