/**
 * A video's thumbnail from YouTube's image host, loaded lazily; a plain placeholder when it
 * cannot load (offline, or the host is blocked).
 * @module
 */
import { useState } from 'preact/hooks';

export function thumbnailUrl(youtubeId: string): string {
  return `https://i.ytimg.com/vi/${encodeURIComponent(youtubeId)}/mqdefault.jpg`;
}

export function VideoThumbnail(props: { youtubeId: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <div class="thumbnail placeholder" aria-hidden="true" />;
  return (
    <img
      class="thumbnail"
      src={thumbnailUrl(props.youtubeId)}
      alt=""
      loading="lazy"
      width={96}
      height={54}
      onError={() => setFailed(true)}
    />
  );
}
