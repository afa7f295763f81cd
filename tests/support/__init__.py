"""What the tests share: the frozen clock, fake servers, the qBittorrent driver, entry builders."""
