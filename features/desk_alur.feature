# language: id
Fitur: Meja telaah — pengajuan, telaah, pengembalian dan rekomendasi
  Pemohon dari OPD mengajukan dokumen di peramban dan patuh langsung memeriksanya. Verifikator
  Diskominfo menelaah, mengembalikan untuk revisi dengan catatan, atau menandainya sudah ditelaah;
  lalu pimpinan yang bukan penelaahnya merekomendasikan atau menolak (prinsip empat mata).
  Rekomendasi hanya untuk versi terakhir yang patuh, dan suratnya dapat diverifikasi siapa saja.
  Pengajuan OPD lain tidak ada bagi pemohon.

  Skenario: Temuan tampil di samping barisnya, lalu versi perbaikan menyelesaikannya
    Diketahui pemohon masuk ke meja telaah
    Ketika pemohon mengunggah usulan dengan lokasi hosting "opd_server_room"
    Maka hasil pemeriksaan pengajuan itu adalah "TIDAK PATUH"
    Dan temuan "MDN-HOST-01" tampil di samping baris yang memuat "location: opd_server_room"
    Ketika pemohon mengunggah perbaikannya
    Maka hasil pemeriksaan pengajuan itu adalah "PATUH"
    Dan riwayat versi mencatat bahwa versi 2 memperbaiki "MDN-HOST-01"

  Skenario: Verifikator mengembalikan pengajuan dengan catatan, pemohon membacanya
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Dan verifikator masuk ke meja telaah
    Ketika verifikator mulai menelaah pengajuan itu
    Maka status pengajuan itu adalah "Ditelaah"
    Ketika verifikator mengembalikan pengajuan itu dengan catatan "Lengkapi jumlah puskesmas."
    Maka status pengajuan itu adalah "Dikembalikan untuk revisi"
    Dan pemohon membaca catatan "Lengkapi jumlah puskesmas." pada pengajuan itu

  Skenario: Mengembalikan tanpa catatan ditolak
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Dan verifikator masuk ke meja telaah
    Ketika verifikator mulai menelaah pengajuan itu
    Dan verifikator mengembalikan pengajuan itu dengan catatan "   "
    Maka tindakan ditolak dengan pesan "Catatan wajib diisi"
    Dan status pengajuan itu adalah "Ditelaah"

  Skenario: Rekomendasi ditolak selama versi terakhir belum patuh
    Diketahui pemohon sudah mengajukan usulan dengan lokasi hosting "opd_server_room"
    Dan verifikator masuk ke meja telaah
    Ketika verifikator mulai menelaah pengajuan itu
    Dan verifikator menandai pengajuan itu sudah ditelaah dengan catatan "Diteruskan ke pimpinan."
    Dan pimpinan merekomendasikan pengajuan itu
    Maka tindakan ditolak dengan pesan "Rekomendasi ditolak"
    Dan status pengajuan itu adalah "Sudah ditelaah"

  Skenario: Penelaah tidak merekomendasikan telaahnya sendiri
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Dan pimpinan masuk ke meja telaah
    Ketika pimpinan mulai menelaah pengajuan itu
    Dan pimpinan menandai pengajuan itu sudah ditelaah dengan catatan "Sudah saya telaah."
    Maka pimpinan tidak ditawari tombol "Rekomendasikan dan terbitkan surat"
    Dan halaman itu menyebut "Anda sendiri yang menelaah pengajuan ini"
    Dan status pengajuan itu adalah "Sudah ditelaah"

  Skenario: Pimpinan merekomendasikan; surat bernomor dapat diverifikasi siapa saja
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Dan verifikator masuk ke meja telaah
    Ketika verifikator mulai menelaah pengajuan itu
    Dan verifikator menandai pengajuan itu sudah ditelaah dengan catatan "Hosting dan SLA sesuai."
    Dan pimpinan merekomendasikan pengajuan itu
    Maka surat rekomendasi bernomor menurut pola "555/{seq:03d}/Diskominfo/{year}" terbit
    Dan halaman verifikasi publik menyatakan surat itu "SAH"
    Dan pemohon tidak dapat mengunggah versi baru pengajuan itu

  Skenario: Pengajuan OPD lain tidak ada bagi pemohon
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Ketika pemohon OPD lain membuka halaman pengajuan itu
    Maka halaman itu tidak ditemukan

  Skenario: Pimpinan menolak dengan catatan; pengajuan tertutup
    Diketahui pemohon sudah mengajukan usulan yang patuh
    Dan pimpinan masuk ke meja telaah
    Ketika pimpinan mulai menelaah pengajuan itu
    Dan pimpinan menolak pengajuan itu dengan catatan "Kegiatan serupa sudah dianggarkan Diskominfo."
    Maka status pengajuan itu adalah "Ditolak"
    Dan jejak audit mencatat catatan "Kegiatan serupa sudah dianggarkan Diskominfo."
    Dan pemohon tidak dapat mengunggah versi baru pengajuan itu
