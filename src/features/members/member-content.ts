/** What moderators see of one member (admin-member-content.service.ts gathers it, the admin page shows it). */
export interface MemberContent {
  member: {
    handle: string;
    display_name: string;
    email: string;
    created_at: string;
    confirmed_at: string | null;
    suspended_at: string | null;
  };
  ratings: { total: number; latest: Array<{ film: string; title: string; stars: number; ratedAt: string }> };
  likes: { total: number; latest: Array<{ film: string; title: string; likedAt: string }> };
  comments: {
    total: number;
    byStatus: Array<[string, number]>;
    latest: Array<{
      id: number;
      film_slug: string | null;
      list_id?: number | null;
      status: string;
      body: string;
      created_at: string;
    }>;
  };
}
