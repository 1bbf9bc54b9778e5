/** Minutes and seconds, as a fluoroscopy timer shows them: 125.4 s → "2:05". */
export function formatTime(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
