/** A problem in words, announced to screen readers as it appears; nothing when there is none. */
export function ErrorText({ message, prefix = '' }: { message: string | undefined; prefix?: string }) {
  if (!message) return null;
  return (
    <p class="error" role="alert">
      {prefix}
      {message}
    </p>
  );
}
