/**
 * Whether a stop failure's message already says the instance keeps running: the server
 * ends each of its own with that sentence, and the panel should not say it twice.
 */
export function saysItKeepsRunning(message: string): boolean {
  return /keeps running\.?$/i.test(message.trim());
}
