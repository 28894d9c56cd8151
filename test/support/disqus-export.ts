/** A Disqus XML export, written in the test in the shape Disqus's own exports have (threads first, then posts). */
export interface DisqusFixturePost {
  id: string;
  thread: string;
  parent?: string;
  message: string;
  deleted?: boolean;
  spam?: boolean;
  author?: string;
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function disqusExport(
  threads: Array<{ id: string; link: string; title: string }>,
  posts: DisqusFixturePost[],
): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">
  <category dsq:id="1"><forum>movienight</forum><title>General</title><isDefault>true</isDefault></category>
${threads
  .map(
    (t) => `  <thread dsq:id="${t.id}">
    <id>${t.id}-ident</id><forum>movienight</forum><category dsq:id="1"/>
    <link>${t.link}</link><title>${cdata(t.title)}</title><message/>
    <createdAt>2014-02-01T12:00:00Z</createdAt>
    <author><email>editor@movies.example.org</email><name>Editor</name><isAnonymous>false</isAnonymous><username>editor</username></author>
    <isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>`,
  )
  .join('\n')}
${posts
  .map(
    (p) => `  <post dsq:id="${p.id}">
    <id/><message>${cdata(p.message)}</message>
    <createdAt>2014-03-0${(Number(p.id) % 9) + 1}T10:00:00Z</createdAt>
    <isDeleted>${p.deleted ? 'true' : 'false'}</isDeleted><isSpam>${p.spam ? 'true' : 'false'}</isSpam>
    <author><email>${p.author ?? 'guest'}@example.net</email><name>${p.author ?? 'Guest'}</name><isAnonymous>false</isAnonymous></author>
    <ipAddress>198.51.100.4</ipAddress>
    <thread dsq:id="${p.thread}"/>${p.parent ? `\n    <parent dsq:id="${p.parent}"/>` : ''}
  </post>`,
  )
  .join('\n')}
</disqus>
`;
}
