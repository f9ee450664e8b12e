import { RestoreTheme } from "@/components/share/restore-theme";
import { SharedLinkGone } from "@/components/share/shared-link-states";

// Unknown and revoked links look the same: nothing tells a guesser which tokens once existed.
export default function SharedLinkNotFound() {
  return (
    <>
      <RestoreTheme />
      <SharedLinkGone />
    </>
  );
}
