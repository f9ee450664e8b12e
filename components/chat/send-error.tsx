import { X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";

export function SendError({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="mx-auto w-full max-w-3xl px-3 md:px-4">
      <div role="alert" className="mb-2 flex items-center gap-2 rounded-xl bg-danger-soft py-1 pr-1 pl-3 text-sm text-danger">
        <span className="flex-1">{message}</span>
        <IconButton label="Dismiss error" onClick={onDismiss} className="text-danger hover:text-danger">
          <X className="size-4" aria-hidden />
        </IconButton>
      </div>
    </div>
  );
}
