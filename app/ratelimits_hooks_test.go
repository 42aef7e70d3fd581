package app

// FillDownloadPlaces takes every open data download place, as MaxDownloads downloads in
// progress would, until release is called.
func (s *Server) FillDownloadPlaces() (release func()) {
	for range cap(s.downloads) {
		s.downloads <- struct{}{}
	}
	return func() {
		for range cap(s.downloads) {
			<-s.downloads
		}
	}
}
