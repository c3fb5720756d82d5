import * as React from 'react';

export interface IExternalLinkProps {
  href: string;
  title?: string;
  children: React.ReactNode;
}

/** A link to a qBraid page, in a new tab that cannot reach back into Lab. */
export function ExternalLink(props: IExternalLinkProps): JSX.Element {
  const { href, title, children } = props;
  return (
    <a
      className="jp-qbraid-Link"
      href={href}
      title={title}
      target="_blank"
      rel="noopener noreferrer"
    >
      {children}
    </a>
  );
}
