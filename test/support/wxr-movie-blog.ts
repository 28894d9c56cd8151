/**
 * A movie blog's WordPress export, written in the test (the shapes a TieLabs/Taqyeem theme site exports): films in
 * "English Movies" / "Korean Movies" (a child of "Asian Movies"), a news post and an About page, Taqyeem and
 * WP-PostRatings meta, threaded comments of every status with a reply listed before its parent, a pingback, drafts.
 */
export interface BlogComment {
  id: number;
  parent?: number;
  approved: '1' | '0' | 'spam' | 'trash';
  type?: '' | 'pingback' | 'trackback';
  author?: string;
  email?: string;
  url?: string;
  ip?: string;
  date?: string;
  content: string;
}

export interface BlogPost {
  id: number;
  title: string;
  slug: string;
  type?: 'post' | 'page' | 'attachment';
  status?: 'publish' | 'draft' | 'pending' | 'private' | 'future' | 'trash';
  date?: string;
  categories?: Array<[slug: string, name: string]>;
  tags?: Array<[slug: string, name: string]>;
  content?: string;
  meta?: Array<[string, string]>;
  comments?: BlogComment[];
  parent?: number;
  attachmentUrl?: string;
}

export const SITE = 'https://movies.example.org';

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function comment(c: BlogComment): string {
  return `
    <wp:comment>
      <wp:comment_id>${c.id}</wp:comment_id>
      <wp:comment_author>${cdata(c.author ?? `Reader ${c.id}`)}</wp:comment_author>
      <wp:comment_author_email>${cdata(c.email ?? `reader${c.id}@example.net`)}</wp:comment_author_email>
      <wp:comment_author_url>${c.url ?? ''}</wp:comment_author_url>
      <wp:comment_author_IP>${c.ip ?? '203.0.113.7'}</wp:comment_author_IP>
      <wp:comment_date>${c.date ?? '2014-03-01 10:00:00'}</wp:comment_date>
      <wp:comment_date_gmt>${c.date ?? '2014-03-01 10:00:00'}</wp:comment_date_gmt>
      <wp:comment_content>${cdata(c.content)}</wp:comment_content>
      <wp:comment_approved>${c.approved}</wp:comment_approved>
      <wp:comment_type>${c.type ?? ''}</wp:comment_type>
      <wp:comment_parent>${c.parent ?? 0}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>`;
}

function item(p: BlogPost): string {
  const type = p.type ?? 'post';
  const date = p.date ?? '2014-02-01 12:00:00';
  const [y, m] = date.split('-');
  const link = type === 'page' ? `${SITE}/${p.slug}/` : `${SITE}/${y}/${m}/${p.slug}/`;
  return `
  <item>
    <title>${p.title.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</title>
    <link>${link}</link>
    <pubDate>Sat, 01 Feb 2014 12:00:00 +0000</pubDate>
    <dc:creator>${cdata('editor')}</dc:creator>
    <guid isPermaLink="false">${SITE}/?p=${p.id}</guid>
    <description></description>
    <content:encoded>${cdata(p.content ?? '')}</content:encoded>
    <excerpt:encoded>${cdata('')}</excerpt:encoded>
    <wp:post_id>${p.id}</wp:post_id>
    <wp:post_date>${cdata(date)}</wp:post_date>
    <wp:post_date_gmt>${cdata(p.status === 'draft' ? '0000-00-00 00:00:00' : date)}</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>${cdata(p.slug)}</wp:post_name>
    <wp:status>${p.status ?? 'publish'}</wp:status>
    <wp:post_parent>${p.parent ?? 0}</wp:post_parent>
    <wp:post_type>${type}</wp:post_type>
    ${p.attachmentUrl ? `<wp:attachment_url>${p.attachmentUrl}</wp:attachment_url>` : ''}
    ${(p.categories ?? []).map(([slug, name]) => `<category domain="category" nicename="${slug}">${cdata(name)}</category>`).join('')}
    ${(p.tags ?? []).map(([slug, name]) => `<category domain="post_tag" nicename="${slug}">${cdata(name)}</category>`).join('')}
    ${(p.meta ?? []).map(([k, v]) => `<wp:postmeta><wp:meta_key>${cdata(k)}</wp:meta_key><wp:meta_value>${cdata(v)}</wp:meta_value></wp:postmeta>`).join('')}
    ${(p.comments ?? []).map(comment).join('')}
  </item>`;
}

export function movieBlogWxr(posts: BlogPost[] = MOVIE_BLOG_POSTS, version = '1.2'): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/${version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/${version}/">
<channel>
  <title>Movie Night</title>
  <link>${SITE}</link>
  <description>Films we love</description>
  <language>en-US</language>
  <wp:wxr_version>${version}</wp:wxr_version>
  <wp:base_site_url>${SITE}</wp:base_site_url>
  <wp:base_blog_url>${SITE}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('editor')}</wp:author_login><wp:author_email>${cdata('editor@movies.example.org')}</wp:author_email><wp:author_display_name>${cdata('Eda Editor')}</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>english-movies</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata('English Movies')}</wp:cat_name><wp:category_description>${cdata('Films in English')}</wp:category_description></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>asian-movies</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata('Asian Movies')}</wp:cat_name></wp:category>
  <wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>korean-movies</wp:category_nicename><wp:category_parent>asian-movies</wp:category_parent><wp:cat_name>${cdata('Korean Movies')}</wp:cat_name><wp:category_description>${cdata('From Seoul &amp; beyond')}</wp:category_description></wp:category>
  <wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata('News')}</wp:cat_name></wp:category>
  <wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>thriller</wp:tag_slug><wp:tag_name>${cdata('Thriller')}</wp:tag_name></wp:tag>
${posts.map(item).join('\n')}
</channel>
</rss>
`;
}

const REVIEW = `<!-- wp:paragraph -->
<p><strong>Director:</strong> Christopher Nolan</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>A thief who steals secrets through dream-sharing is given a last job: planting an idea.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>Our verdict</h2>
<!-- /wp:heading -->

<p>It is <em>dazzling</em> &amp; loud. [caption id="attachment_7" align="alignnone" width="300"]<img src="${SITE}/wp-content/uploads/2014/02/spin.jpg" alt="The top" /> The top[/caption]</p>
<ul><li>Score: great</li><li>Sound: louder</li></ul>
<blockquote><p>You mustn't be afraid to dream a little bigger.</p></blockquote>
<p>[tie_review] See <a href="https://en.wikipedia.org/wiki/Inception" onclick="steal()">Wikipedia</a>.</p>
<script>alert(1)</script>`;

export const MOVIE_BLOG_POSTS: BlogPost[] = [
  {
    id: 101,
    title: 'Inception (2010)',
    slug: 'inception-2010',
    categories: [['english-movies', 'English Movies']],
    tags: [['thriller', 'Thriller']],
    content: REVIEW,
    meta: [
      ['tie_user_rate', '44'],
      ['tie_users_num', '10'],
      ['_thumbnail_id', '501'],
      ['_wp_old_slug', 'inception'],
      ['taq_review_items', 'a:1:{i:0;a:2:{s:4:"name";s:5:"Story";s:5:"score";i:90;}}'],
      ['evil', 'O:8:"stdClass":1:{s:1:"a";i:1;}'],
    ],
    comments: [
      // The reply comes first, as exports sorted by id sometimes have it when a comment was re-parented.
      { id: 12, parent: 11, approved: '1', content: 'Agreed, <b>great</b> film! <a href="javascript:alert(1)">x</a>' },
      {
        id: 11,
        approved: '1',
        content: 'Loved it.<br />See <a href="https://example.net/review">my review</a>',
        url: 'https://reader.example.net',
      },
      { id: 13, parent: 12, approved: '1', content: 'A third level.' },
      { id: 14, approved: '0', content: 'Waiting for moderation' },
      { id: 15, approved: 'spam', content: 'Buy cheap pills' },
      { id: 16, approved: 'trash', content: 'Deleted by the editor' },
      { id: 17, approved: '1', type: 'pingback', content: 'Pingback from another blog' },
      { id: 18, approved: '1', type: 'trackback', content: 'Trackback' },
    ],
  },
  {
    id: 102,
    title: 'Miracle in Cell No. 7 (2013)',
    slug: 'miracle-in-cell-no-7',
    categories: [['korean-movies', 'Korean Movies']],
    content: '<p>Director: Lee Hwan-kyung</p><p>A father wrongly imprisoned.</p>',
    meta: [
      ['ratings_users', '3'],
      ['ratings_score', '12'],
    ],
  },
  {
    id: 103,
    title: 'Tom &amp; Jerry&#8217;s Movie',
    slug: 'tom-jerrys-movie',
    status: 'draft',
    categories: [['english-movies', 'English Movies']],
    content: '<p>Unfinished review.</p>',
  },
  {
    id: 104,
    title: 'Festival news',
    slug: 'festival-news',
    categories: [['news', 'News']],
    content: '<p>The festival opens on Friday.</p>',
    comments: [{ id: 21, approved: '1', content: 'See you there' }],
  },
  {
    id: 105,
    title: 'About us',
    slug: 'about',
    type: 'page',
    content: '<h2>Who</h2><p>Two friends who like films.</p>',
  },
  {
    id: 501,
    title: 'spin',
    slug: 'spin',
    type: 'attachment',
    status: 'publish',
    parent: 101,
    attachmentUrl: `${SITE}/wp-content/uploads/2014/02/spin.jpg`,
  },
];
