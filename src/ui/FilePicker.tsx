/**
 * A file input that hands over the chosen file and clears itself, so choosing the same file again (after fixing
 * it, say) is a new choice.
 */
export function FilePicker({
  label,
  accept,
  disabled,
  onFile,
}: {
  label: string;
  accept: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}) {
  return (
    <input
      type="file"
      aria-label={label}
      accept={accept}
      disabled={disabled}
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        if (file) onFile(file);
        e.currentTarget.value = '';
      }}
    />
  );
}
