export interface Crumb {
  name: string;
  /** Omitted for the current page. */
  href?: string;
}

/** Visible trail and schema.org BreadcrumbList microdata in one element (schema.org/BreadcrumbList). */
export function Breadcrumb(props: { crumbs: Crumb[]; publicUrl: string }) {
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <ol itemscope itemtype="https://schema.org/BreadcrumbList">
        {props.crumbs.map((crumb, i) => (
          <li key={crumb.name} itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">
            {crumb.href ? (
              <a itemprop="item" href={crumb.href}>
                <span itemprop="name">{crumb.name}</span>
              </a>
            ) : (
              <span aria-current="page" itemprop="name">
                {crumb.name}
              </span>
            )}
            <meta itemprop="position" content={String(i + 1)} />
          </li>
        ))}
      </ol>
    </nav>
  );
}
