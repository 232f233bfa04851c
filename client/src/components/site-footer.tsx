import { storefrontConfig } from "../server/config";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          Prices in US dollars. Event times in {storefrontConfig().timeZone}. Tickets are held for
          you while you pay.
        </p>
      </div>
    </footer>
  );
}
