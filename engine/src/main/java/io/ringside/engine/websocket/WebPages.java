package io.ringside.engine.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pages the WebSocket endpoint serves beside {@value WebSocketGateway#PATH}: the live arena page and the
 * TypeScript client it runs, from the class path under {@value #ROOT} (the ringside-client-typescript jar, which the
 * engine's jar carries). Read once on first request and kept; a path is a name of lower-case letters, digits, dots,
 * dashes, underscores and slashes, never "..", so nothing outside the root is reachable. Endpoint thread only, but
 * for {@link #hasArenaPage()}.
 */
final class WebPages
{
    static final String ROOT = "io/ringside/web/";

    private static final Pattern SAFE_PATH = Pattern.compile("/[a-z0-9_-][a-z0-9._/-]{0,200}");

    private final ClassLoader loader;
    private final Map<String, Page> pages = new HashMap<>();

    /**
     * One file, ready to send.
     */
    record Page(byte[] bytes, String contentType)
    {
    }

    private final boolean arenaPage;

    WebPages(final ClassLoader loader)
    {
        this.loader = loader;
        this.arenaPage = null != loader.getResource(ROOT + "index.html");
    }

    /**
     * @return whether the engine carries the arena page (it does unless built without the client module); any thread.
     */
    boolean hasArenaPage()
    {
        return arenaPage;
    }

    /**
     * @param uri the request's path, with any query.
     * @return the page at that path, or null when there is none.
     */
    Page find(final String uri)
    {
        final int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if ("/".equals(path))
        {
            path = "/index.html";
        }
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..") || path.contains("//"))
        {
            return null;
        }
        final Page cached = pages.get(path);
        if (null != cached)
        {
            return cached;
        }
        final String contentType = contentType(path);
        if (null == contentType)
        {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + path.substring(1)))
        {
            if (null == in)
            {
                return null;
            }
            final Page page = new Page(in.readAllBytes(), contentType);
            pages.put(path, page);
            return page;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String contentType(final String path)
    {
        if (path.endsWith(".html"))
        {
            return "text/html; charset=utf-8";
        }
        if (path.endsWith(".js"))
        {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css"))
        {
            return "text/css; charset=utf-8";
        }
        if (path.endsWith(".map"))
        {
            return "application/json; charset=utf-8";
        }
        return null;
    }
}
